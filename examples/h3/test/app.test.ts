import { createShop, type LogLine } from "@wxnotify/example-shop";
import {
  describeShopContract,
  httpRequest,
} from "@wxnotify/example-shop/contract";
import { serve } from "h3";
import { createApp } from "../src/app.js";

describeShopContract("h3 v2", async () => {
  const lines: LogLine[] = [];
  // env: {} — the built-in test merchant, whatever the machine has set.
  const shop = createShop({ env: {}, log: (line) => lines.push(line) });
  // The same serve() as src/server.ts, on a free port.
  const server = serve(createApp(shop), {
    port: 0,
    hostname: "127.0.0.1",
    silent: true,
  });
  await server.ready();
  return {
    request: httpRequest(server.url!.replace(/\/$/, "")),
    logs: () => lines,
    close: async () => {
      await server.close(true);
      await shop.close();
    },
  };
});
