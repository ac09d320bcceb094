import { MalformedRequestError, RawBodyUnavailableError } from "../errors.js";
import type { HeaderRecord, NotifyRequest } from "../request.js";
import type { MaybePromise } from "../crypto/crypto-provider.js";
import { concatBytes, utf8 } from "./bytes.js";

/** A request reduced to what the protocol reads. */
export interface ReceivedRequest {
  /** Header lookup by lower-case name; undefined when absent. */
  header(name: string): string | undefined;
  body: Uint8Array;
  /** v2 (XML), v3 (JSON) or neither, from the first non-blank byte. */
  dialect: "v2" | "v3" | undefined;
}

function isWebRequest(value: unknown): value is Request {
  if (typeof value !== "object" || value === null) return false;
  // Bytes or text in hand make it a plain request (a Request's body is a
  // stream or null), decided before the global Request is read: on Node it
  // is an accessor, called on every read.
  const body = (value as { body?: unknown }).body;
  if (typeof body === "string" || ArrayBuffer.isView(body)) return false;
  if (typeof Request === "function" && value instanceof Request) return true;
  // Duck-typed for a Request from another realm (a vm context, a test
  // environment), where instanceof is false.
  return (
    typeof (value as Request).arrayBuffer === "function" &&
    typeof (value as Request).headers?.get === "function"
  );
}

const UPPER = /[A-Z]/;

function headerLookup(
  headers: HeaderRecord | Headers,
): (name: string) => string | undefined {
  if (typeof (headers as Headers).get === "function") {
    const web = headers as Headers;
    return (name) => web.get(name) ?? undefined;
  }
  const record = headers as HeaderRecord;
  let lowered: Map<string, string> | undefined;
  let allLowerCase: boolean | undefined;
  return (name) => {
    // node:http lower-cases names already; other sources may not.
    let value = record[name];
    if (value === undefined) {
      // An absent optional header (Wechatpay-Signature-Type) must not cost a
      // copy of every header on each request: copy only when some name has
      // upper-case letters, i.e. when the record is not from node:http.
      allLowerCase ??= !Object.keys(record).some((key) => UPPER.test(key));
      if (allLowerCase) return undefined;
      lowered ??= new Map(
        Object.entries(record)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [
            k.toLowerCase(),
            Array.isArray(v) ? v.join(", ") : String(v),
          ]),
      );
      return lowered.get(name);
    }
    return Array.isArray(value) ? value.join(", ") : String(value);
  };
}

/** The protocol dialect of a body, from its first non-blank byte (BOM skipped). */
export function sniffDialect(body: Uint8Array): "v2" | "v3" | undefined {
  let i = 0;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) i = 3;
  for (; i < body.length; i++) {
    const byte = body[i];
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09)
      continue;
    if (byte === 0x3c) return "v2"; // "<"
    if (byte === 0x7b) return "v3"; // "{"
    return undefined;
  }
  return undefined;
}

/**
 * The dialect of a request that could not be read in full (too large, wrong
 * method), so that even that failure is answered in the sender's dialect.
 */
export function guessDialect(request: unknown): "v2" | "v3" | undefined {
  if (request === null || typeof request !== "object") return undefined;
  if (!isWebRequest(request)) {
    const body = (request as { body?: unknown }).body;
    const bytes = asBytes(body);
    if (bytes) return sniffDialect(bytes.subarray(0, 64));
    if (typeof body === "string") return sniffDialect(utf8(body.slice(0, 64)));
  }
  // The body is unread (a stream) or gone (parsed): the declared type is all
  // that is left to answer in the sender's dialect.
  const headers = (request as { headers?: HeaderRecord | Headers }).headers;
  const type = headers ? headerLookup(headers)("content-type") : undefined;
  if (type === undefined) return undefined;
  if (/\bxml\b/i.test(type)) return "v2";
  if (/\bjson\b/i.test(type)) return "v3";
  return undefined;
}

function checkMethod(method: string | undefined): void {
  if (method !== undefined && method.toUpperCase() !== "POST") {
    throw new MalformedRequestError(
      "method_not_allowed",
      `WeChat Pay sends notifications with POST, this request is ${method}.`,
    );
  }
}

function tooLarge(size: number, limit: number): MalformedRequestError {
  return new MalformedRequestError(
    "body_too_large",
    `The body is ${size} bytes, more than maxBodyBytes (${limit}). WeChat Pay notifications are a few kilobytes; raise maxBodyBytes only if a real notification was refused.`,
  );
}

// Duck-typed rather than instanceof: bytes may come from another realm (a vm
// context, a test environment, a worker), where instanceof is false.
function asBytes(body: unknown): Uint8Array | undefined {
  if (ArrayBuffer.isView(body)) {
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  }
  if (Object.prototype.toString.call(body) === "[object ArrayBuffer]") {
    return new Uint8Array(body as ArrayBuffer);
  }
  return undefined;
}

function toBytes(body: unknown, hint: string | undefined): Uint8Array {
  const bytes = asBytes(body);
  if (bytes) return bytes;
  if (typeof body === "string") return utf8(body);
  const advice = hint
    ? ` ${hint}`
    : " Mount the notify route before the body parser (express.json(), express.text(), koa-bodyparser), or pass the exact bytes (Uint8Array) or untouched text.";
  if (body === undefined || body === null) {
    throw new RawBodyUnavailableError(
      `The request has no body bytes: something read them before the notify handler.${advice}`,
    );
  }
  throw new RawBodyUnavailableError(
    `The body was given as a parsed ${Array.isArray(body) ? "array" : typeof body} instead of the raw bytes, so its signature can no longer be checked.${advice}`,
  );
}

/** Reads a Web Request's body, stopping as soon as it passes the limit. */
async function readLimited(
  request: Request,
  maxBodyBytes: number,
): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBodyBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(size, maxBodyBytes);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0]! : concatBytes(chunks);
}

/**
 * Reads a NotifyRequest or a Web Request into bytes and a header lookup,
 * enforcing the method and the size limit before anything is parsed.
 */
export function readRequest(
  request: NotifyRequest | Request,
  maxBodyBytes: number,
): MaybePromise<ReceivedRequest> {
  // Only a Web Request needs reading; bytes or text in hand are checked
  // synchronously, without a turn of the microtask queue.
  return isWebRequest(request)
    ? readWebRequest(request, maxBodyBytes)
    : received(readPlainRequest(request), maxBodyBytes);
}

function readPlainRequest(request: NotifyRequest): {
  header: (name: string) => string | undefined;
  body: Uint8Array;
} {
  if (request === null || typeof request !== "object") {
    throw new RawBodyUnavailableError(
      "Expected a request object { method, headers, body } or a Web Request.",
    );
  }
  checkMethod(request.method);
  return {
    header: headerLookup(request.headers ?? {}),
    body: toBytes(request.body, request.rawBodyHint),
  };
}

async function readWebRequest(
  request: Request,
  maxBodyBytes: number,
): Promise<ReceivedRequest> {
  checkMethod(request.method);
  const header = headerLookup(request.headers);
  const declared = Number(header("content-length"));
  if (Number.isFinite(declared) && declared > maxBodyBytes) {
    throw tooLarge(declared, maxBodyBytes);
  }
  if (request.bodyUsed) {
    throw new RawBodyUnavailableError(
      "The Request body was already read before the notify handler. Hand the Request over before reading it (readBody(), request.json(), c.req.json() …), or pass request.clone().",
    );
  }
  return received(
    { header, body: await readLimited(request, maxBodyBytes) },
    maxBodyBytes,
  );
}

function received(
  {
    header,
    body,
  }: { header: (name: string) => string | undefined; body: Uint8Array },
  maxBodyBytes: number,
): ReceivedRequest {
  if (body.length > maxBodyBytes) throw tooLarge(body.length, maxBodyBytes);
  if (body.length === 0) {
    throw new MalformedRequestError(
      "body_empty",
      "The request body is empty. If WeChat Pay sent it, a body parser or proxy consumed it before the notify handler: give the handler the raw bytes.",
    );
  }
  return { header, body, dialect: sniffDialect(body) };
}
