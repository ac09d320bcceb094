import { createShop, listenAddressFromEnv } from "@wxnotify/example-shop";
import { serve } from "h3";
import { createApp } from "./app.js";

const shop = createShop();
const { port, host } = listenAddressFromEnv();
// silent: the shop writes its own JSON start-up line.
const server = serve(createApp(shop), { port, hostname: host, silent: true });
await server.ready();
shop.logStarted("h3", server.url!.replace(/\/$/, ""));
