import type { Shop } from "@wxnotify/example-shop";
import { expressNotify } from "@wxnotify/express";
import express, { type Express } from "express";

/** The shop as an Express app: the notify routes and the /orders API. */
export function createApp(shop: Shop): Express {
  const { notifier, handlers } = shop;
  const app = express();

  // #region notify-routes
  // Each route takes v2 XML and v3 JSON. They come before any body parser:
  // expressNotify reads the exact bytes the signature covers.
  app.post(
    "/wechatpay/notify/paid",
    expressNotify(notifier.paid(handlers.paid)),
  );
  app.post(
    "/wechatpay/notify/refund",
    expressNotify(notifier.refunded(handlers.refunded)),
  );
  app.post(
    "/wechatpay/notify/scanned",
    expressNotify(notifier.scanned(handlers.scanned)),
  );
  app.post(
    "/wechatpay/notify/events",
    expressNotify(notifier.event(handlers.event)),
  );
  // #endregion notify-routes

  // express.json() only where JSON is wanted: mounted app-wide above the
  // notify routes, it would parse v3 bodies and lose the signed bytes.
  app.post("/orders", express.json(), (req, res) => {
    const reply = shop.createOrder(req.body);
    res.status(reply.status).json(reply.body);
  });
  app.get("/orders/:out_trade_no", (req, res) => {
    const reply = shop.getOrder(req.params.out_trade_no);
    res.status(reply.status).json(reply.body);
  });
  return app;
}
