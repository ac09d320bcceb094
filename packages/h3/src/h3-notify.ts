import type { NotifyEndpoint, NotifyRequest } from "@wxnotify/core";
import { readNotifyRequest } from "@wxnotify/node";
import { toResponse, untouchedNodeRequest } from "@wxnotify/web";
import { v1Request, type V1EventShape } from "./_internal/v1-request.js";

/** The part of an h3 v1 or v2 event the handler looks at. */
export interface H3NotifyEvent {
  /** v2: the Web Request. v1: the node request (deprecated alias of `node.req`). */
  readonly req?: unknown;
}

/** The handler `h3Notify` returns: an event handler for h3 v1 and v2 alike. */
export interface H3NotifyHandler {
  (event: H3NotifyEvent): Promise<Response>;
  /** Marks it as an event handler for h3 v1, as `defineEventHandler` would. */
  readonly __is_handler__: true;
}

function isWebRequest(value: unknown): value is Request {
  return (
    typeof (value as Request | undefined)?.headers?.get === "function" &&
    typeof (value as Request).arrayBuffer === "function"
  );
}

async function v2Request(
  request: Request,
  maxBodyBytes: number,
): Promise<Request | NotifyRequest> {
  // On Node, h3 v2's Request is srvx's: the same shortcut as webNotify's.
  const nodeReq = untouchedNodeRequest(request);
  if (nodeReq) return readNotifyRequest(nodeReq, maxBodyBytes);
  if (!request.bodyUsed) return request;
  // readBody() consumed the stream and h3 v2 keeps no raw copy: let the core
  // answer raw_body_unavailable with the fix.
  return {
    method: request.method,
    headers: request.headers,
    body: undefined as unknown as string,
    rawBodyHint:
      "readBody() (or another middleware) read the body before h3Notify: register the notify route before middleware that reads bodies, or have it read event.req.clone().",
  };
}

/**
 * An h3 event handler for one notify endpoint, on h3 v2 and on h3 v1 (Nuxt
 * 4): `export default h3Notify(notifier.paid(handler))`.
 */
export function h3Notify(endpoint: NotifyEndpoint): H3NotifyHandler {
  // The event's shape says which h3 runs: importing h3 here could load
  // another copy than the app's (Nuxt 4 runs v1 even where v2 is installed).
  const handler = async (event: H3NotifyEvent): Promise<Response> => {
    const request = isWebRequest(event.req)
      ? await v2Request(event.req, endpoint.maxBodyBytes)
      : await v1Request(event as V1EventShape, endpoint.maxBodyBytes);
    return toResponse(await endpoint(request));
  };
  return Object.assign(handler, { __is_handler__: true as const });
}
