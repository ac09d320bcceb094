import { createShop, type LogLine } from "@wxnotify/example-shop";
import {
  describeShopContract,
  httpRequest,
} from "@wxnotify/example-shop/contract";
import { serve } from "srvx";
import { createApp } from "../src/app.js";

function start() {
  const lines: LogLine[] = [];
  // env: {} — the built-in test merchant, whatever the machine has set.
  const shop = createShop({ env: {}, log: (line) => lines.push(line) });
  return { app: createApp(shop), shop, logs: () => lines };
}

// The handler called directly, as a fetch runtime calls it.
describeShopContract("fetch (handler called directly)", async () => {
  const { app, shop, logs } = start();
  return {
    request: (path, init) => app(new Request(`http://shop.test${path}`, init)),
    logs,
    close: () => shop.close(),
  };
});

// The same handler over HTTP, served by srvx as src/server.ts does.
describeShopContract("fetch (over HTTP with srvx)", async () => {
  const { app, shop, logs } = start();
  const server = serve({
    fetch: app,
    port: 0,
    hostname: "127.0.0.1",
    silent: true,
  });
  await server.ready();
  return {
    request: httpRequest(server.url!.replace(/\/$/, "")),
    logs,
    close: async () => {
      await server.close(true);
      await shop.close();
    },
  };
});
