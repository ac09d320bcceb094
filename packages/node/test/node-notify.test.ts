import {
  request as httpRequest,
  type IncomingMessage,
  type RequestListener,
  type ServerResponse,
} from "node:http";
import { createNotifier, type WxNotifyError } from "@wxnotify/core";
import {
  nodeNotify,
  readNotifyRequest,
  writeReply,
  type BodySources,
} from "@wxnotify/node";
import { describe, expect, it, vi } from "vitest";
import { merchant, serve } from "../../../test-support/adapter-test-kit.ts";

function setup(maxBodyBytes?: number) {
  const errors: WxNotifyError[] = [];
  const handler = vi.fn(() => true as const);
  const notifier = createNotifier({
    ...merchant.config,
    ...(maxBodyBytes && { maxBodyBytes }),
    onError: (error) => errors.push(error),
  });
  return { errors, handler, endpoint: notifier.paid(handler) };
}

function post(
  url: string,
  body: Uint8Array | string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return fetch(url, { method: "POST", headers, body: body as BodyInit }).then(
    async (r) => ({
      status: r.status,
      body: await r.text(),
    }),
  );
}

/** A listener that lets `prepare` play a body parser before the adapter runs. */
function withParser(
  endpoint: ReturnType<typeof setup>["endpoint"],
  prepare: (req: IncomingMessage & BodySources) => Promise<void>,
): RequestListener {
  const notify = nodeNotify(endpoint);
  return async (req, res) => {
    await prepare(req as IncomingMessage & BodySources);
    await notify(req, res);
  };
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe("nodeNotify on http.createServer", () => {
  it("reads the unread stream and acknowledges", async () => {
    const { endpoint, handler } = setup();
    const url = await serve(nodeNotify(endpoint));
    const n = merchant.v3.paid();
    expect((await post(url, n.body, n.headers)).status).toBe(204);
    expect(handler).toHaveBeenCalledOnce();
  });

  it("answers 413 without waiting for the rest of a huge chunked body", async () => {
    const { endpoint, handler, errors } = setup(1024);
    const url = await serve(nodeNotify(endpoint));
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on("error", reject);
      // 2 KiB, then the request stays open: the reply must not wait for its end.
      req.write(`{"id":"${"x".repeat(2048)}`);
    });
    expect(status).toBe(413);
    expect(handler).not.toHaveBeenCalled();
    expect(errors.map((e) => e.code)).toEqual(["body_too_large"]);
  });

  it("a body of exactly maxBodyBytes passes the limit", async () => {
    const n = merchant.v3.paid();
    const { endpoint } = setup(n.body.length);
    const url = await serve(nodeNotify(endpoint));
    expect((await post(url, n.body, n.headers)).status).toBe(204);
  });

  it("gives up on a client that goes away mid-body: no reply, no handler", async () => {
    const { endpoint, handler } = setup();
    const done = vi.fn();
    const notify = nodeNotify(endpoint);
    const url = await serve((req, res) => {
      void notify(req, res).then(() => done(res.destroyed));
    });
    await new Promise<void>((resolve) => {
      const req = httpRequest(url, {
        method: "POST",
        headers: { "Content-Length": "1000" },
      });
      req.on("error", () => resolve());
      req.write("{", () => setTimeout(() => req.destroy(), 20));
      req.on("close", () => resolve());
    });
    await vi.waitFor(() => expect(done).toHaveBeenCalledWith(true));
    expect(handler).not.toHaveBeenCalled();
  });
});

describe("where the raw body comes from", () => {
  it("req.rawBody wins (express.json({ verify }), koa-bodyparser)", async () => {
    const { endpoint, handler } = setup();
    const url = await serve(
      withParser(endpoint, async (req) => {
        const raw = await readAll(req);
        Object.assign(req, { rawBody: raw, body: JSON.parse(raw.toString()) });
      }),
    );
    const n = merchant.v3.paid();
    expect((await post(url, n.body, n.headers)).status).toBe(204);
    expect(handler).toHaveBeenCalledOnce();
  });

  it("an ArrayBuffer body is bytes too", async () => {
    const { endpoint } = setup();
    const url = await serve(
      withParser(endpoint, async (req) => {
        const raw = await readAll(req);
        Object.assign(req, { body: new Uint8Array(raw).buffer });
      }),
    );
    const n = merchant.v2.paid();
    expect((await post(url, n.body, n.headers)).status).toBe(200);
  });

  it("an untouched string body (express.text) is used", async () => {
    const { endpoint, handler } = setup();
    const url = await serve(
      withParser(endpoint, async (req) => {
        Object.assign(req, { body: (await readAll(req)).toString("utf8") });
      }),
    );
    const n = merchant.v2.paid({ attach: "中文备注" });
    expect((await post(url, n.body, n.headers)).status).toBe(200);
    expect(handler).toHaveBeenCalledOnce();
  });

  it("a string that is not the body as received is refused as unavailable, not as forged", async () => {
    const { endpoint, handler, errors } = setup();
    const url = await serve(
      withParser(endpoint, async (req) => {
        // A parser that decoded another charset: not the bytes received.
        Object.assign(req, { body: (await readAll(req)).toString("latin1") });
      }),
    );
    const n = merchant.v2.paid({ attach: "中文备注" });
    const reply = await post(url, n.body, n.headers);
    expect(reply.status).toBe(500);
    expect(handler).not.toHaveBeenCalled();
    expect(errors.map((e) => e.code)).toEqual(["raw_body_unavailable"]);
  });

  it("a consumed stream with a parsed body: retryable 500 naming the parser", async () => {
    const { endpoint, handler, errors } = setup();
    const url = await serve(
      withParser(endpoint, async (req) => {
        Object.assign(req, {
          body: JSON.parse((await readAll(req)).toString()),
        });
      }),
    );
    const n = merchant.v3.paid();
    const reply = await post(url, n.body, n.headers);
    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.body)).toMatchObject({
      message: "raw_body_unavailable",
    });
    expect(handler).not.toHaveBeenCalled();
    expect(errors[0]!.message).toMatch(/express\.json\(\)/);
  });

  it("a consumed stream and nothing left: retryable 500", async () => {
    const { endpoint, errors } = setup();
    const url = await serve(
      withParser(endpoint, async (req) => {
        await readAll(req);
      }),
    );
    const n = merchant.v3.paid();
    expect((await post(url, n.body, n.headers)).status).toBe(500);
    expect(errors.map((e) => e.code)).toEqual(["raw_body_unavailable"]);
  });

  it("readNotifyRequest takes the sources from elsewhere (Koa's ctx.request)", async () => {
    let seen: unknown;
    const url = await serve(async (req, res) => {
      const request = await readNotifyRequest(req, 1024, {
        rawBody: "kept by a parser",
      });
      seen = request;
      res.end();
    });
    await post(url, "ignored", { "X-Test": "1" });
    expect(seen).toMatchObject({
      method: "POST",
      headers: { "x-test": "1" },
      body: "kept by a parser",
    });
  });
});

describe("writeReply", () => {
  it("writes status, headers and body as they are", async () => {
    const url = await serve((_req, res: ServerResponse) =>
      writeReply(res, {
        status: 405,
        headers: { allow: "POST", "content-type": "application/json" },
        body: '{"code":"FAIL"}',
      }),
    );
    const reply = await fetch(url);
    expect(reply.status).toBe(405);
    expect(reply.headers.get("allow")).toBe("POST");
    expect(await reply.text()).toBe('{"code":"FAIL"}');
  });
});
