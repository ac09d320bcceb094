import { request as httpRequest } from "node:http";
import Router from "@koa/router";
import { koaNotify } from "@wxnotify/koa";
import Koa3 from "koa";
import Koa2 from "koa2";
import bodyParser from "koa-bodyparser";
import { describe, expect, it, vi } from "vitest";
import {
  merchant,
  send,
  serve,
  setup,
} from "../../../test-support/adapter-test-kit.ts";

describe.each([
  ["koa 3", Koa3],
  ["koa 2", Koa2],
])("%s", (_, Koa) => {
  it("as an @koa/router route beside koa-bodyparser; the reply keeps its content type", async () => {
    const { notifier, handler } = setup();
    const app = new Koa();
    const seen = vi.fn();
    app.use(async (ctx, next) => {
      await next();
      seen(ctx.status); // middleware around the route still sees the reply
    });
    app.use(bodyParser());
    const router = new Router();
    router.post("/notify/paid", koaNotify(notifier.paid(handler)));
    app.use(router.routes()).use(router.allowedMethods());
    const url = await serve(app.callback());

    const v2 = await send(`${url}/notify/paid`, merchant.v2.paid());
    expect(v2.status).toBe(200);
    // Koa would call a string body starting with "<" text/html.
    expect(v2.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    const v3 = await send(`${url}/notify/paid`, merchant.v3.paid());
    expect(v3.status).toBe(204);
    expect(v3.headers.get("content-type")).toBeNull();
    expect(handler).toHaveBeenCalledTimes(2);
    expect(seen.mock.calls).toEqual([[200], [204]]);

    // router.post: other methods are the router's business (405 from allowedMethods).
    const get = await send(`${url}/notify/paid`, merchant.v3.paid(), "GET");
    expect(get.status).toBe(405);
  });

  it("koa-body with includeUnparsed: the raw text under Symbol.for('unparsedBody') (simulated)", async () => {
    const { notifier, handler } = setup();
    const app = new Koa();
    app.use(async (ctx, next) => {
      // What koa-body({ includeUnparsed: true }) leaves for a JSON body.
      const chunks: Buffer[] = [];
      for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString();
      ctx.request.body = Object.assign(JSON.parse(text), {
        [Symbol.for("unparsedBody")]: text,
      });
      await next();
    });
    app.use(koaNotify(notifier.paid(handler)));
    const url = await serve(app.callback());
    expect((await send(url, merchant.v3.paid({ attach: "中文" }))).status).toBe(
      204,
    );
    expect(handler).toHaveBeenCalledOnce();
  });

  it("a client that goes away mid-body is not logged as a server error", async () => {
    const { notifier, handler } = setup();
    const app = new Koa();
    // Koa's default error listener logs with console.error unless `expose`.
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const seen = vi.fn();
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        seen(error);
        throw error;
      }
    });
    app.use(koaNotify(notifier.paid(handler)));
    const url = await serve(app.callback());
    const req = httpRequest(url, {
      method: "POST",
      headers: { "Content-Length": "1000" },
    });
    req.on("error", () => undefined);
    req.write("{", () => setTimeout(() => req.destroy(), 20));
    await vi.waitFor(() => expect(seen).toHaveBeenCalledOnce());
    expect(seen.mock.calls[0]![0]).toMatchObject({
      code: "ECONNABORTED",
      expose: true,
    });
    // Koa itself may log the socket's own "Parse Error"; ours must not be.
    expect(JSON.stringify(logged.mock.calls.map(String))).not.toMatch(
      /@wxnotify/,
    );
    logged.mockRestore();
    expect(handler).not.toHaveBeenCalled();
  });

  it("a parser that keeps no rawBody (parsed body, stream read): retryable 500 naming the parser", async () => {
    const { notifier, handler, errors } = setup();
    const app = new Koa();
    app.use(async (ctx, next) => {
      // What koa-body does without includeUnparsed.
      const chunks: Buffer[] = [];
      for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
      ctx.request.body = JSON.parse(Buffer.concat(chunks).toString());
      await next();
    });
    app.use(koaNotify(notifier.paid(handler)));
    const url = await serve(app.callback());
    const reply = await send(url, merchant.v3.paid());
    expect(reply.status).toBe(500);
    expect(await reply.json()).toMatchObject({
      message: "raw_body_unavailable",
    });
    expect(handler).not.toHaveBeenCalled();
    expect(errors[0]!.message).toMatch(/koa-bodyparser/);
  });
});
