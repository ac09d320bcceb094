import type { JsonReply, Shop } from "@wxnotify/example-shop";
import { webNotify } from "@wxnotify/web";

/** A fetch handler: what Bun, Deno, Workers and srvx serve. */
export type FetchHandler = (request: Request) => Promise<Response>;

function json(reply: JsonReply): Response {
  return Response.json(reply.body, { status: reply.status });
}

/** The shop as a fetch handler: the notify routes and the /orders API. */
export function createApp(shop: Shop): FetchHandler {
  const { notifier, handlers } = shop;

  // #region notify-routes
  // Each route takes v2 XML and v3 JSON; webNotify gives the Request, unread,
  // to the core, which reads its exact bytes (with the size limit).
  const notifyRoutes: Record<string, FetchHandler> = {
    "/wechatpay/notify/paid": webNotify(notifier.paid(handlers.paid)),
    "/wechatpay/notify/refund": webNotify(notifier.refunded(handlers.refunded)),
    "/wechatpay/notify/scanned": webNotify(notifier.scanned(handlers.scanned)),
    "/wechatpay/notify/events": webNotify(notifier.event(handlers.event)),
  };
  // #endregion notify-routes

  return async (request) => {
    const { pathname } = new URL(request.url);
    const notify = notifyRoutes[pathname];
    // Any method: the core answers 405 to anything but POST.
    if (notify) return notify(request);
    if (pathname === "/orders" && request.method === "POST") {
      // Invalid JSON becomes undefined, which createOrder answers with 400.
      const body: unknown = await request.json().catch(() => undefined);
      return json(shop.createOrder(body));
    }
    const match = /^\/orders\/([^/]+)$/.exec(pathname);
    if (match && request.method === "GET") {
      return json(shop.getOrder(decodeURIComponent(match[1]!)));
    }
    return json({ status: 404, body: { error: "Not found." } });
  };
}
