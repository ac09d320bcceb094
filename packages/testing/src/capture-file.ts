import { getHeader, plainHeaders } from "./_internal/headers.js";
import type { CapturedRequest } from "./captured-request.js";

/**
 * A captured request as JSON: what `wxnotify verify` reads and
 * `wxnotify send --save` writes. The body is UTF-8 text, or base64 when
 * `bodyEncoding` says so (for bodies that must keep invalid UTF-8).
 */
export interface CaptureFile {
  /** HTTP method. */
  method: string;
  /** Request path or URL, informational. */
  url?: string;
  /** Request headers. */
  headers: Record<string, string>;
  /** The body, exactly. */
  body: string;
  /** How `body` is encoded. Default `utf8`. */
  bodyEncoding?: "utf8" | "base64";
}

/** A request as a {@link CaptureFile} object (base64 body only when the bytes are not valid UTF-8). */
export function toCaptureFile(
  request: CapturedRequest,
  url?: string,
): CaptureFile {
  const bytes =
    typeof request.body === "string"
      ? Buffer.from(request.body, "utf8")
      : Buffer.from(request.body);
  let text: string | undefined;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = undefined;
  }
  return {
    method: request.method ?? "POST",
    ...(url !== undefined ? { url } : {}),
    headers: plainHeaders(request.headers),
    ...(text !== undefined
      ? { body: text }
      : { body: bytes.toString("base64"), bodyEncoding: "base64" as const }),
  };
}

function indexOfBytes(haystack: Uint8Array, needle: readonly number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}

/**
 * Reads a captured request from a file's bytes: a {@link CaptureFile} JSON
 * object, or raw HTTP request text (`POST /path HTTP/1.1`, headers, a blank
 * line, the body; cut to `Content-Length` when present).
 */
export function parseCapture(
  data: Uint8Array | string,
): CapturedRequest & { url?: string } {
  const bytes =
    typeof data === "string" ? new Uint8Array(Buffer.from(data, "utf8")) : data;
  const text = new TextDecoder().decode(bytes);
  if (text.trimStart().startsWith("{")) {
    const json = JSON.parse(text) as Partial<CaptureFile>;
    if (typeof json.body !== "string" || typeof json.headers !== "object") {
      throw new SyntaxError(
        '@wxnotify/testing: a capture file needs "headers" (an object) and "body" (a string).',
      );
    }
    const body =
      json.bodyEncoding === "base64"
        ? new Uint8Array(Buffer.from(json.body, "base64"))
        : new Uint8Array(Buffer.from(json.body, "utf8"));
    return {
      method: json.method ?? "POST",
      ...(json.url !== undefined ? { url: json.url } : {}),
      headers: plainHeaders(json.headers as Record<string, string>),
      body,
    };
  }
  const requestLine = /^([A-Z]+) (\S+) HTTP\/[\d.]+\r?\n/.exec(text);
  if (!requestLine) {
    throw new SyntaxError(
      "@wxnotify/testing: the capture is neither a JSON capture file nor an HTTP request (`POST /path HTTP/1.1`).",
    );
  }
  let end = indexOfBytes(bytes, [13, 10, 13, 10]);
  let sep = 4;
  const lf = indexOfBytes(bytes, [10, 10]);
  if (end < 0 || (lf >= 0 && lf < end)) {
    end = lf;
    sep = 2;
  }
  if (end < 0) {
    throw new SyntaxError(
      "@wxnotify/testing: the HTTP capture has no blank line between headers and body.",
    );
  }
  const head = new TextDecoder().decode(bytes.subarray(0, end));
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/).slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  let body = bytes.slice(end + sep);
  const length = Number(getHeader(headers, "Content-Length"));
  if (Number.isInteger(length) && length >= 0 && length < body.length) {
    body = body.slice(0, length);
  }
  return {
    method: requestLine[1] ?? "POST",
    url: requestLine[2] ?? "/",
    headers,
    body,
  };
}
