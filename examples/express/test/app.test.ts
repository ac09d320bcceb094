import { createShop, type LogLine } from "@wxnotify/example-shop";
import {
  describeShopContract,
  httpRequest,
  listenOnFreePort,
} from "@wxnotify/example-shop/contract";
import { createApp } from "../src/app.js";

describeShopContract("express", async () => {
  const lines: LogLine[] = [];
  // env: {} — the built-in test merchant, whatever the machine has set.
  const shop = createShop({ env: {}, log: (line) => lines.push(line) });
  const server = await listenOnFreePort(createApp(shop));
  return {
    request: httpRequest(server.url),
    logs: () => lines,
    close: async () => {
      await server.close();
      await shop.close();
    },
  };
});
