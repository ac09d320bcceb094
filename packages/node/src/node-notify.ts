import type { IncomingMessage, ServerResponse } from "node:http";
import type { NotifyEndpoint } from "@wxnotify/core";
import { readNotifyRequest } from "./read-notify-request.js";
import { writeReply } from "./write-reply.js";

/**
 * A node:http request listener for one notify endpoint, for
 * `http.createServer(nodeNotify(notifier.paid(handler)))`; it rejects only
 * when the reply cannot be written (something already answered).
 */
export function nodeNotify(
  endpoint: NotifyEndpoint,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    let request;
    try {
      request = await readNotifyRequest(req, endpoint.maxBodyBytes);
    } catch {
      // The body stream failed: the client is gone, nobody is left to answer.
      res.destroy();
      return;
    }
    writeReply(res, await endpoint(request));
  };
}
