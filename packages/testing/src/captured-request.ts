import type { HeadersInput } from "./_internal/headers.js";

/**
 * A request as captured from the wire (or built here): method, headers in
 * any common shape, and the body as bytes or text.
 */
export interface CapturedRequest {
  /** HTTP method; `POST` when absent. */
  method?: string;
  /** Headers: a Web `Headers`, Node's `req.headers`, or a plain record. */
  headers: HeadersInput;
  /** The exact body: bytes, or text that is encoded as UTF-8. */
  body: Uint8Array | string;
}
