import type { IncomingMessage } from "node:http";
import { expressNotify } from "@wxnotify/express";
import express5 from "express";
import express4 from "express4";
import { describe, expect, it, vi } from "vitest";
import {
  merchant,
  send,
  serve,
  setup,
} from "../../../test-support/adapter-test-kit.ts";

describe.each([
  ["express 5", express5],
  ["express 4", express4],
])("%s", (_, express) => {
  it("app.post route, mounted before an app-wide express.json()", async () => {
    const { notifier, handler } = setup();
    const app = express();
    app.post("/notify/paid", expressNotify(notifier.paid(handler)));
    app.use(express.json());
    app.post("/api/orders", (req, res) => {
      res.json({ echo: req.body });
    });
    const url = await serve(app);
    expect((await send(`${url}/notify/paid`, merchant.v3.paid())).status).toBe(
      204,
    );
    expect((await send(`${url}/notify/paid`, merchant.v2.paid())).status).toBe(
      200,
    );
    expect(handler).toHaveBeenCalledTimes(2);
    // The rest of the app still gets its parsed JSON.
    const echoed = await fetch(`${url}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(await echoed.json()).toEqual({ echo: { a: 1 } });
  });

  it("behind express.json({ verify }) keeping req.rawBody, in an express.Router", async () => {
    const { notifier, handler } = setup();
    const app = express();
    app.use(
      express.json({
        verify: (req, _res, buf) => {
          (req as IncomingMessage & { rawBody?: Buffer }).rawBody = buf;
        },
      }),
    );
    const router = express.Router();
    router.post("/refund", expressNotify(notifier.refunded(handler)));
    app.use("/wechatpay", router);
    const url = await serve(app);
    const reply = await send(`${url}/wechatpay/refund`, merchant.v3.refund());
    expect(reply.status).toBe(204);
    expect(handler).toHaveBeenCalledOnce();
  });

  it("after a plain express.json(): retryable 500, onError names express.json()", async () => {
    const { notifier, handler, errors } = setup();
    const app = express();
    app.use(express.json());
    app.post("/paid", expressNotify(notifier.paid(handler)));
    const url = await serve(app);
    const reply = await send(`${url}/paid`, merchant.v3.paid());
    expect(reply.status).toBe(500);
    expect(handler).not.toHaveBeenCalled();
    expect(errors.map((e) => e.code)).toEqual(["raw_body_unavailable"]);
    expect(errors[0]!.message).toMatch(/express\.json\(\)/);
  });

  it("a reply that cannot be written goes to next(error)", async () => {
    const { notifier } = setup();
    const app = express();
    const seen = vi.fn();
    app.post(
      "/paid",
      (_req, res, next) => {
        res.writeHead(202).write("already answering");
        next();
      },
      expressNotify(notifier.paid(() => true)),
    );
    app.use(
      (error: Error, _req: unknown, res: { end(): void }, _next: unknown) => {
        seen(error);
        res.end();
      },
    );
    const url = await serve(app);
    await send(`${url}/paid`, merchant.v2.paid());
    await vi.waitFor(() => expect(seen).toHaveBeenCalledOnce());
    expect(seen.mock.calls[0]![0]).toMatchObject({
      code: "ERR_HTTP_HEADERS_SENT",
    });
  });
});
