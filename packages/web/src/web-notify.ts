import type { NotifyEndpoint, NotifyRequest } from "@wxnotify/core";
import { readNotifyRequest } from "@wxnotify/node";
import { toResponse } from "./to-response.js";

/** node:http's IncomingMessage, as far as this file needs to know it. */
type NodeRequest = Parameters<typeof readNotifyRequest>[0];

/** A Request that srvx (h3 v2, Nitro, the fetch example) built over a node request. */
type NodeBacked = { runtime?: { node?: { req?: NodeRequest } } };

/**
 * The node request behind a srvx `Request` (h3 v2, Nitro, srvx on Node),
 * when nobody has started reading its body; undefined for any other
 * `Request`. Reading it directly (`readNotifyRequest` of @wxnotify/node)
 * spares the web stream srvx would build over it: about a quarter less
 * server CPU per notification (bench/README.md). Once the body was touched
 * (`request.body`, a data listener), that reader owns the data.
 */
export function untouchedNodeRequest(
  request: Request,
): NodeRequest | undefined {
  const req = (request as Request & NodeBacked).runtime?.node?.req;
  if (
    req === undefined ||
    request.bodyUsed ||
    typeof req.on !== "function" ||
    req.readableFlowing !== null ||
    req.readableDidRead
  ) {
    return undefined;
  }
  return req;
}

/**
 * A fetch handler for one notify endpoint, for Hono (`c.req.raw`), Next.js
 * route handlers, Bun, Deno and Workers: `export const POST = webNotify(notifier.paid(handler))`.
 */
export function webNotify(
  endpoint: NotifyEndpoint,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const nodeReq = untouchedNodeRequest(request);
    if (nodeReq === undefined) {
      // The core reads the Request itself, with the size limit.
      return toResponse(await endpoint(request));
    }
    let notifyRequest: NotifyRequest;
    try {
      notifyRequest = await readNotifyRequest(nodeReq, endpoint.maxBodyBytes);
    } catch {
      // The client went away mid-body: nobody is left to read a reply.
      return new Response(null, { status: 400 });
    }
    return toResponse(await endpoint(notifyRequest));
  };
}
