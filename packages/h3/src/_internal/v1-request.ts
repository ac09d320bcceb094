import type { IncomingMessage } from "node:http";
import type { NotifyRequest } from "@wxnotify/core";
import { readNotifyRequest } from "@wxnotify/node";

// h3 v1 keeps the promise of the raw body here once readBody() or
// readRawBody() read the stream (h3 1.x `RawBodySymbol`), so the exact bytes
// survive an earlier readBody.
const RAW_BODY = Symbol.for("h3RawBody");

/** What an h3 v1 event carries: the node request, or a Web Request behind a fetch runtime. */
export interface V1EventShape {
  node: { req: IncomingMessage };
  web?: { request?: Request };
}

/** The core's request from an h3 v1 (Nuxt 4 / Nitro 2) event. */
export async function v1Request(
  event: V1EventShape,
  maxBodyBytes: number,
): Promise<NotifyRequest | Request> {
  // toWebHandler (fetch runtimes): the Request is the source; the core reads it.
  const web = event.web?.request;
  if (web) return web;
  const req = event.node.req as IncomingMessage & {
    [RAW_BODY]?: Promise<unknown>;
    rawBody?: unknown;
    body?: unknown;
  };
  const cached = req[RAW_BODY];
  return readNotifyRequest(req, maxBodyBytes, {
    rawBody: cached ? await cached : req.rawBody,
    body: req.body,
  });
}
