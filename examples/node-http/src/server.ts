import { createServer } from "node:http";
import { createShop, listenAddressFromEnv } from "@wxnotify/example-shop";
import { createApp } from "./app.js";

const shop = createShop();
const { port, host } = listenAddressFromEnv();
const server = createServer(createApp(shop));
server.listen(port, host, () => {
  const address = server.address();
  const actualPort =
    typeof address === "object" && address ? address.port : port;
  shop.logStarted("node:http", `http://${host}:${actualPort}`);
});
