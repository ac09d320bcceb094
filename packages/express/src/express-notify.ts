import type { IncomingMessage, ServerResponse } from "node:http";
import type { NotifyEndpoint } from "@wxnotify/core";
import { nodeNotify } from "@wxnotify/node";

/** The middleware `expressNotify` returns: Express 4 and 5 accept it as is. */
export type ExpressNotifyMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Express 4 and 5 middleware for one notify endpoint:
 * `app.post("/notify/paid", expressNotify(notifier.paid(handler)))`.
 */
export function expressNotify(
  endpoint: NotifyEndpoint,
): ExpressNotifyMiddleware {
  const handle = nodeNotify(endpoint);
  // Express 4 ignores a rejected promise, so hand failures to next() ourselves.
  return (req, res, next) => {
    handle(req, res).catch(next);
  };
}
