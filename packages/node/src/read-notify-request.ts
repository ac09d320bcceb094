import type { IncomingMessage } from "node:http";
import type { NotifyRequest } from "@wxnotify/core";
import { isUntouchedText } from "./_internal/is-untouched-text.js";
import { readLimited } from "./_internal/read-limited.js";
import type { BodySources } from "./body-sources.js";

type BodyInput = NotifyRequest["body"] | undefined;

function isBytes(value: unknown): value is Uint8Array | ArrayBuffer {
  return value instanceof Uint8Array || value instanceof ArrayBuffer;
}

async function exactBody(
  req: IncomingMessage,
  maxBodyBytes: number,
  { rawBody, body }: BodySources,
): Promise<BodyInput> {
  // A parser that kept the raw bytes is the only source left once it read the stream.
  if (isBytes(rawBody) || typeof rawBody === "string") return rawBody;
  if (isBytes(body)) return body; // express.raw(), or a runtime that buffers bodies
  if (typeof body === "string" && isUntouchedText(req, body)) return body;
  if (!req.readableEnded && !req.readableDidRead) {
    return readLimited(req, maxBodyBytes);
  }
  // The bytes are gone. Pass what is left (a parsed object, or nothing) and
  // let the core answer raw_body_unavailable, naming the parser to move. A
  // re-decoded string is dropped: it would fail as a forged body (401).
  return typeof body === "string" ? undefined : (body as BodyInput);
}

/**
 * Builds the core's request from a node request: the exact bytes from
 * `rawBody`, a Buffer `body`, an untouched string `body`, or the unread
 * stream (read to at most `maxBodyBytes + 1` bytes).
 */
export async function readNotifyRequest(
  req: IncomingMessage,
  maxBodyBytes: number,
  sources: BodySources = req as BodySources,
): Promise<NotifyRequest> {
  const body = await exactBody(req, maxBodyBytes, sources);
  // Not always bytes on purpose: a parsed object or nothing is for the core
  // to refuse with the error that explains it.
  return {
    method: req.method,
    headers: req.headers,
    body: body as NotifyRequest["body"],
    ...(sources.rawBodyHint === undefined
      ? {}
      : { rawBodyHint: sources.rawBodyHint }),
  };
}
