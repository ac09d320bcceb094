import type { IncomingMessage } from "node:http";
import type { NotifyRequest } from "@wxnotify/core";
import { readNotifyRequest } from "@wxnotify/node";

// h3 v1 keeps the promise of the raw body here once readBody() or
// readRawBody() read the stream (h3 1.x `RawBodySymbol`), so the exact bytes
// survive an earlier readBody.
const RAW_BODY = Symbol.for("h3RawBody");

type V1NodeRequest = IncomingMessage & {
  [RAW_BODY]?: Promise<unknown>;
  rawBody?: unknown;
  body?: unknown;
};

/** What an h3 v1 event carries. */
export interface V1EventShape {
  /** The node request: a real one, or Nitro's mock off node (body in `body`). */
  node: { req: IncomingMessage };
  /** Headers as a Web `Headers`. */
  headers: Headers;
  /** Set by toWebHandler: the Web Request itself. */
  web?: { request?: Request };
  /** Set by toPlainHandler: the body as given. */
  _requestBody?: unknown;
}

function isWebStream(value: unknown): value is ReadableStream {
  return typeof (value as ReadableStream | null)?.getReader === "function";
}

/** The core's request from an h3 v1 (Nuxt 4 / Nitro 2) event. */
export async function v1Request(
  event: V1EventShape,
  maxBodyBytes: number,
): Promise<NotifyRequest | Request> {
  // toWebHandler (fetch runtimes): the Request is the source; the core reads it.
  if (event.web?.request) return event.web.request;
  const req = event.node.req as V1NodeRequest;
  // A mocked request off node carries the body as given, possibly a stream:
  // wrapped in a Request, the core reads it with the size limit.
  const given = event._requestBody ?? req.body;
  if (isWebStream(given)) {
    return new Request("http://localhost/", {
      method: req.method,
      headers: event.headers,
      body: given,
      duplex: "half",
    } as RequestInit);
  }
  const cached = req[RAW_BODY];
  return readNotifyRequest(req, maxBodyBytes, {
    rawBody: cached ? await cached : (event._requestBody ?? req.rawBody),
    body: req.body,
  });
}
