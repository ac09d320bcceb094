import type { IncomingMessage, ServerResponse } from "node:http";
import type { NotifyEndpoint } from "@wxnotify/core";
import type { BodySources } from "./body-sources.js";
import { readNotifyRequest } from "./read-notify-request.js";
import { writeReply } from "./write-reply.js";

/**
 * A node:http request listener for one notify endpoint, for
 * `http.createServer(nodeNotify(notifier.paid(handler)))`; it rejects only
 * when the reply cannot be written (something already answered).
 */
export function nodeNotify(
  endpoint: NotifyEndpoint,
  options: { rawBodyHint?: string } = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    let request;
    try {
      const { rawBody, body } = req as IncomingMessage & BodySources;
      request = await readNotifyRequest(req, endpoint.maxBodyBytes, {
        rawBody,
        body,
        rawBodyHint: options.rawBodyHint,
      });
    } catch {
      // The body stream failed: the client is gone, nobody is left to answer.
      res.destroy();
      return;
    }
    writeReply(res, await endpoint(request));
  };
}
