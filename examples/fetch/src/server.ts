import { createShop, listenAddressFromEnv } from "@wxnotify/example-shop";
import { serve } from "srvx";
import { createApp } from "./app.js";

// srvx serves a fetch handler on Node, Bun and Deno alike.
const shop = createShop();
const { port, host } = listenAddressFromEnv();
const server = serve({
  fetch: createApp(shop),
  port,
  hostname: host,
  silent: true, // the shop writes its own JSON start-up line
});
await server.ready();
shop.logStarted("fetch", server.url!.replace(/\/$/, ""));
