import { createShop, listenAddressFromEnv } from "@wxnotify/example-shop";
import { createApp } from "./app.js";

const shop = createShop();
const { port, host } = listenAddressFromEnv();
const server = createApp(shop).listen(port, host, () => {
  const address = server.address();
  const actualPort =
    typeof address === "object" && address ? address.port : port;
  shop.logStarted("express", `http://${host}:${actualPort}`);
});
