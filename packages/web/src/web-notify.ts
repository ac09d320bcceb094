import type { NotifyEndpoint } from "@wxnotify/core";
import { toResponse } from "./to-response.js";

/**
 * A fetch handler for one notify endpoint, for Hono (`c.req.raw`), Next.js
 * route handlers, Bun, Deno and Workers: `export const POST = webNotify(notifier.paid(handler))`.
 */
export function webNotify(
  endpoint: NotifyEndpoint,
): (request: Request) => Promise<Response> {
  // The core reads the Request itself, with the size limit, so nothing here
  // touches the body.
  return async (request) => toResponse(await endpoint(request));
}
