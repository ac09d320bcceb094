// What the handlers do, shared by the signing side (cases.ts, on Node) and
// the serving side (harness.ts, also loaded by Bun and Deno): no imports.

/** What the handler does when the case's notification reaches it. */
export type Behaviour =
  | "ack" // return true
  | "fail" // call fail("database down")
  | "throw" // throw an Error
  | "undefined" // return nothing
  | "alert" // scan: alert("sold out")
  | "prepay" // scan: return a prepay_id
  | "slow" // wait 300 ms, then return true
  | "jitter"; // wait 0–20 ms, then return true (to interleave concurrent deliveries)

/** How long the "slow" handler takes. */
export const SLOW_MS = 300;

/** The prepay_id the "prepay" handler returns. */
export const PREPAY_ID = "wx201410272009395522657a690389285100";

/** The body limit of the /limited route. */
export const LIMITED_MAX_BODY_BYTES = 4096;
