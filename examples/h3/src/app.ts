import type { JsonReply, Shop } from "@wxnotify/example-shop";
import { h3Notify } from "@wxnotify/h3";
import { getRouterParam, H3, readBody, type H3Event } from "h3";

function json(event: H3Event, reply: JsonReply): unknown {
  event.res.status = reply.status;
  return reply.body; // h3 sends an object as JSON
}

/** The shop as an h3 v2 app: the notify routes and the /orders API. */
export function createApp(shop: Shop): H3 {
  const { notifier, handlers } = shop;
  const app = new H3();

  // #region notify-routes
  // Each route takes v2 XML and v3 JSON; h3Notify hands the event's Web
  // Request, unread, to the core, which reads its exact bytes.
  app.post("/wechatpay/notify/paid", h3Notify(notifier.paid(handlers.paid)));
  app.post(
    "/wechatpay/notify/refund",
    h3Notify(notifier.refunded(handlers.refunded)),
  );
  app.post(
    "/wechatpay/notify/scanned",
    h3Notify(notifier.scanned(handlers.scanned)),
  );
  app.post(
    "/wechatpay/notify/events",
    h3Notify(notifier.event(handlers.event)),
  );
  // #endregion notify-routes

  app.post("/orders", async (event) => {
    // Invalid JSON becomes undefined, which createOrder answers with 400.
    const body = await readBody(event).catch(() => undefined);
    return json(event, shop.createOrder(body));
  });
  app.get("/orders/:out_trade_no", (event) =>
    json(event, shop.getOrder(getRouterParam(event, "out_trade_no")!)),
  );
  return app;
}
