import type { IncomingMessage } from "node:http";
import type { NotifyEndpoint } from "@wxnotify/core";
import { readNotifyRequest, type BodySources } from "@wxnotify/node";

/** The part of a Koa 2 or 3 context the middleware uses. */
export interface KoaNotifyContext {
  /** The node request, read when no body parser ran. */
  readonly req: IncomingMessage;
  /** Where koa-bodyparser and @koa/bodyparser leave `rawBody` and `body`. */
  readonly request: BodySources;
  /** Response status. */
  status: number;
  /** Response body. */
  body: unknown;
  /** Sets response headers. */
  set(headers: Record<string, string>): void;
}

/** The middleware `koaNotify` returns: usable with `app.use` and as an @koa/router route. */
export type KoaNotifyMiddleware = (
  ctx: KoaNotifyContext,
  next?: () => Promise<unknown>,
) => Promise<void>;

// koa-body with `includeUnparsed: true` keeps the raw text under this symbol
// of the parsed body (koa-bodyparser and @koa/bodyparser use `rawBody`).
const UNPARSED = Symbol.for("unparsedBody");

const KOA_HINT =
  "Mount the notify route before the body parser, or keep the raw body: koa-bodyparser and @koa/bodyparser set ctx.request.rawBody for the types they parse (add xml/text to enableTypes), koa-body needs includeUnparsed: true.";

/**
 * Koa 2 and 3 middleware for one notify endpoint:
 * `router.post("/notify/paid", koaNotify(notifier.paid(handler)))`.
 */
export function koaNotify(endpoint: NotifyEndpoint): KoaNotifyMiddleware {
  return async (ctx) => {
    // ctx.request, not ctx.req, is where Koa body parsers leave the body.
    const { body, rawBody } = ctx.request;
    const request = await readNotifyRequest(ctx.req, endpoint.maxBodyBytes, {
      body,
      rawBody: rawBody ?? (body as { [UNPARSED]?: unknown })?.[UNPARSED],
      rawBodyHint: KOA_HINT,
    });
    const reply = await endpoint(request);
    ctx.status = reply.status;
    ctx.set(reply.headers);
    // A 204 needs no body: assigning "" would make Koa set and then strip a
    // content type and length on every acknowledgment (bench/README.md).
    if (reply.status !== 204) ctx.body = reply.body;
  };
}
