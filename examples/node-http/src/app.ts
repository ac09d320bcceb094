import type {
  IncomingMessage,
  RequestListener,
  ServerResponse,
} from "node:http";
import type { JsonReply, Shop } from "@wxnotify/example-shop";
import { nodeNotify } from "@wxnotify/node";

const MAX_JSON_BYTES = 16 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = "";
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > MAX_JSON_BYTES) return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // createOrder answers 400
  }
}

function sendJson(res: ServerResponse, reply: JsonReply): void {
  res.writeHead(reply.status, { "content-type": "application/json" });
  res.end(JSON.stringify(reply.body));
}

/** The shop as a node:http request listener: the notify routes and the /orders API. */
export function createApp(shop: Shop): RequestListener {
  const { notifier, handlers } = shop;

  // #region notify-routes
  // Each route takes v2 XML and v3 JSON; nodeNotify reads the request's
  // exact bytes (with the size limit) and writes the reply WeChat Pay expects.
  const notifyRoutes: Record<string, RequestListener> = {
    "/wechatpay/notify/paid": nodeNotify(notifier.paid(handlers.paid)),
    "/wechatpay/notify/refund": nodeNotify(
      notifier.refunded(handlers.refunded),
    ),
    "/wechatpay/notify/scanned": nodeNotify(notifier.scanned(handlers.scanned)),
    "/wechatpay/notify/events": nodeNotify(notifier.event(handlers.event)),
  };
  // #endregion notify-routes

  return async (req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    const notify = notifyRoutes[pathname];
    // Any method: the core answers 405 to anything but POST.
    if (notify) return notify(req, res);
    if (pathname === "/orders" && req.method === "POST") {
      return sendJson(res, shop.createOrder(await readJson(req)));
    }
    const match = /^\/orders\/([^/]+)$/.exec(pathname);
    if (match && req.method === "GET") {
      return sendJson(res, shop.getOrder(decodeURIComponent(match[1]!)));
    }
    sendJson(res, { status: 404, body: { error: "Not found." } });
  };
}
