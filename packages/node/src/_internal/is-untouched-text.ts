import type { IncomingMessage } from "node:http";

/**
 * Whether a string body is the body text as received (express.text() with
 * UTF-8), not something a parser produced: its UTF-8 length must match the
 * declared Content-Length, which a stripped BOM or another charset breaks.
 */
export function isUntouchedText(req: IncomingMessage, text: string): boolean {
  const declared = req.headers["content-length"];
  if (declared === undefined) return true;
  return new TextEncoder().encode(text).length === Number(declared);
}
