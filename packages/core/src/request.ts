/** Header values as node:http, Express, Koa and plain objects give them. */
export type HeaderRecord = Readonly<
  Record<string, string | readonly string[] | number | undefined>
>;

/**
 * A notification request in plain data, the contract every adapter fills:
 * the exact body bytes received and the headers (names matched
 * case-insensitively).
 */
export interface NotifyRequest {
  /** HTTP method; anything but POST is refused with 405. Optional for offline verification. */
  method?: string;
  /** Request headers: a plain record or a Web `Headers`. */
  headers: HeaderRecord | Headers;
  /**
   * The exact bytes received. A string is accepted when it is the untouched
   * body text; a parsed object is refused, since a re-serialized body can no
   * longer be verified.
   */
  body: Uint8Array | ArrayBuffer | string;
  /**
   * For adapters: what the user should change when the raw bytes are gone
   * (e.g. "call h3Notify before readBody()"); appended to the
   * `raw_body_unavailable` message.
   */
  rawBodyHint?: string;
}

/** What the core answers: write `status`, `headers` and `body` as they are. */
export interface NotifyReply {
  /** HTTP status. */
  status: number;
  /** Response headers (lower-case names). */
  headers: Record<string, string>;
  /** Response body: v2 XML, v3 JSON, or empty. */
  body: string;
}
