import { bodyParser } from "@koa/bodyparser";
import Router from "@koa/router";
import type { Shop } from "@wxnotify/example-shop";
import { koaNotify } from "@wxnotify/koa";
import Koa from "koa";

/** The shop as a Koa app: the notify routes and the /orders API. */
export function createApp(shop: Shop): Koa {
  const { notifier, handlers } = shop;
  const router = new Router();

  // #region notify-routes
  // Each route takes v2 XML and v3 JSON. No body parser runs before these
  // routes: koaNotify reads the exact bytes the signature covers.
  router.post(
    "/wechatpay/notify/paid",
    koaNotify(notifier.paid(handlers.paid)),
  );
  router.post(
    "/wechatpay/notify/refund",
    koaNotify(notifier.refunded(handlers.refunded)),
  );
  router.post(
    "/wechatpay/notify/scanned",
    koaNotify(notifier.scanned(handlers.scanned)),
  );
  router.post(
    "/wechatpay/notify/events",
    koaNotify(notifier.event(handlers.event)),
  );
  // #endregion notify-routes

  // The JSON body parser belongs to the routes that want parsed JSON, not to
  // the whole app. (koaNotify would also take the rawBody it keeps, but a
  // parser that drops it, or one for XML, would cost the signed bytes.)
  router.post("/orders", bodyParser(), (ctx) => {
    const reply = shop.createOrder(ctx.request.body);
    ctx.status = reply.status;
    ctx.body = reply.body;
  });
  router.get("/orders/:out_trade_no", (ctx) => {
    const reply = shop.getOrder(ctx.params.out_trade_no!);
    ctx.status = reply.status;
    ctx.body = reply.body;
  });

  const app = new Koa();
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}
