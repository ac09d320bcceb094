/**
 * Every quick start, run: each stack's snippet serves the notify routes, and
 * receives signed notifications over real HTTP (or its fetch handler).
 */
import { createServer } from "node:http";
import { expressNotify } from "@wxnotify/express";
import {
  testMerchant,
  tamper,
  type SignedNotification,
} from "@wxnotify/testing";
import express from "express";
import { createApp, createRouter, toNodeListener } from "h3-v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPaid } from "../snippets/handlers.js";
import { notifier } from "../snippets/notifier.js";
import { orders } from "../snippets/orders.js";
import { listen, send } from "./http.js";

type Send = (
  path: string,
  notification: SignedNotification,
) => Promise<{ status: number; body: string }>;

interface Stack {
  name: string;
  start(): Promise<{ send: Send; close: () => Promise<void> }>;
}

async function overHttp(
  server: Parameters<typeof listen>[0],
): Promise<{ send: Send; close: () => Promise<void> }> {
  const running = await listen(server);
  return {
    send: (path, notification) => send(running.url + path, notification),
    close: running.close,
  };
}

async function overFetch(
  fetch: (request: Request) => Promise<Response> | Response,
): Promise<{ send: Send; close: () => Promise<void> }> {
  return {
    send: async (path, notification) => {
      const response = await fetch(
        notification.toRequest(`https://shop.example${path}`),
      );
      return { status: response.status, body: await response.text() };
    },
    close: async () => undefined,
  };
}

const stacks: Stack[] = [
  {
    name: "koa (snippets/koa/app.ts)",
    start: async () => {
      const { app } = await import("../snippets/koa/app.js");
      return overHttp(createServer(app.callback()));
    },
  },
  {
    name: "express (snippets/express/app.ts)",
    start: async () => {
      const { app } = await import("../snippets/express/app.js");
      return overHttp(createServer(app));
    },
  },
  {
    name: "express + express.json({ verify }) (snippets/express/keep-raw-body.ts)",
    start: async () => {
      const { app } = await import("../snippets/express/keep-raw-body.js");
      return overHttp(createServer(app));
    },
  },
  {
    name: "nuxt 4 / h3 v1 (snippets/nuxt/server/routes)",
    start: async () => {
      // Type-checked by snippets/nuxt/tsconfig.json (bundler resolution)
      const file =
        "../snippets/nuxt/server/routes/wechatpay/notify/paid.post.ts";
      const route = (await import(/* @vite-ignore */ file)) as {
        default: Parameters<ReturnType<typeof createRouter>["post"]>[1];
      };
      // What Nitro does with server/routes/wechatpay/notify/paid.post.ts
      const app = createApp();
      const router = createRouter().post(
        "/wechatpay/notify/paid",
        route.default,
      );
      app.use(router);
      return overHttp(createServer(toNodeListener(app)));
    },
  },
  {
    name: "h3 v2 (snippets/h3/app.ts)",
    start: async () => {
      const { app } = await import("../snippets/h3/app.js");
      return overFetch((request) => app.fetch(request));
    },
  },
  {
    name: "node:http (snippets/node/server.ts)",
    start: async () => {
      const { server } = await import("../snippets/node/server.js");
      return overHttp(server);
    },
  },
  {
    name: "fetch runtimes (snippets/fetch/server.ts)",
    start: async () => {
      const { fetch } = await import("../snippets/fetch/server.js");
      return overFetch(fetch);
    },
  },
  {
    name: "Next.js route handler (snippets/fetch/next-route.ts)",
    start: async () => {
      const { POST } = await import("../snippets/fetch/next-route.js");
      return overFetch(POST);
    },
  },
];

const merchant = testMerchant();
let counter = 0;

describe.each(stacks)("quick start: $name", (stack) => {
  let running: Awaited<ReturnType<Stack["start"]>>;
  beforeAll(async () => {
    running = await stack.start();
  });
  afterAll(() => running.close());

  it("acknowledges a v3 payment and records it", async () => {
    const order = await orders.create(`DOC-${++counter}`, 2500);
    const reply = await running.send(
      "/wechatpay/notify/paid",
      merchant.v3.paid({
        out_trade_no: order.outTradeNo,
        amount: { total: 2500 },
      }),
    );
    expect(reply.status).toBe(204);
    expect((await orders.find(order.outTradeNo))?.status).toBe("paid");
  });

  it("acknowledges a v2 payment with the XML reply", async () => {
    const order = await orders.create(`DOC-${++counter}`, 990);
    const reply = await running.send(
      "/wechatpay/notify/paid",
      merchant.v2.paid({ out_trade_no: order.outTradeNo, total_fee: 990 }),
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toContain("<return_code><![CDATA[SUCCESS]]>");
    expect((await orders.find(order.outTradeNo))?.status).toBe("paid");
  });

  it("refuses a forged payment and a signature probe", async () => {
    const order = await orders.create(`DOC-${++counter}`, 100);
    const genuine = merchant.v3.paid({
      out_trade_no: order.outTradeNo,
      amount: { total: 100 },
    });
    for (const forged of [
      tamper.flipByte(genuine),
      tamper.signatureProbe(genuine),
    ]) {
      const reply = await running.send("/wechatpay/notify/paid", forged);
      expect(reply.status).toBe(401);
    }
    expect((await orders.find(order.outTradeNo))?.status).toBe("created");
  });

  it("asks for a retry when the order is unknown", async () => {
    const reply = await running.send(
      "/wechatpay/notify/paid",
      merchant.v3.paid({ out_trade_no: "NO-SUCH-ORDER" }),
    );
    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.body)).toEqual({
      code: "FAIL",
      message: "unknown order",
    });
  });
});

describe("quick start pitfalls", () => {
  it("express.json() before the notify route: refused with 500 raw_body_unavailable, never acknowledged", async () => {
    const codes: string[] = [];
    const { createNotifier } = await import("@wxnotify/core");
    const strict = createNotifier({
      ...merchant.config,
      onError: (error) => codes.push(error.code),
    });
    const app = express();
    app.use(express.json()); // the mistake the Express page warns about
    app.post("/wechatpay/notify/paid", expressNotify(strict.paid(onPaid)));
    const running = await overHttp(createServer(app));
    try {
      const reply = await running.send(
        "/wechatpay/notify/paid",
        merchant.v3.paid({ out_trade_no: "X" }),
      );
      expect(reply.status).toBe(500);
      expect(codes).toEqual(["raw_body_unavailable"]);
    } finally {
      await running.close();
    }
  });

  it("the snippets' notifier reads its keys from the environment", async () => {
    const request = merchant.v3.refund({}, { status: "SUCCESS" });
    const reply = await notifier.handleRefunded(request, async () => true);
    expect(reply.status).toBe(204);
  });
});
