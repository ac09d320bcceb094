/**
 * Where a framework keeps a body it has already read: `rawBody` (the exact
 * bytes or text, as `express.json({ verify })` or koa-bodyparser keep them)
 * and `body` (express.raw's Buffer, express.text's string, or a parsed value).
 */
export interface BodySources {
  /** The exact body bytes or text kept by a body parser. */
  readonly rawBody?: unknown;
  /** What a body parser left: a Buffer, a string, or a parsed object. */
  readonly body?: unknown;
  /** What to tell the user when the bytes are gone (which middleware to move). */
  readonly rawBodyHint?: string;
}
