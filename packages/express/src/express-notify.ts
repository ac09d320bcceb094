import type { IncomingMessage, ServerResponse } from "node:http";
import type { NotifyEndpoint } from "@wxnotify/core";
import { nodeNotify } from "@wxnotify/node";

/** The middleware `expressNotify` returns: Express 4 and 5 accept it as is. */
export type ExpressNotifyMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

const EXPRESS_HINT =
  "Register the notify route before app.use(express.json()) / express.text(), or keep the bytes: express.json({ verify: (req, res, buf) => { req.rawBody = buf } }).";

/**
 * Express 4 and 5 middleware for one notify endpoint:
 * `app.post("/notify/paid", expressNotify(notifier.paid(handler)))`.
 */
export function expressNotify(
  endpoint: NotifyEndpoint,
): ExpressNotifyMiddleware {
  const handle = nodeNotify(endpoint, { rawBodyHint: EXPRESS_HINT });
  // Express 4 ignores a rejected promise, so hand failures to next() ourselves.
  return (req, res, next) => {
    handle(req, res).catch(next);
  };
}
