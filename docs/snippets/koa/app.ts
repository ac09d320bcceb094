// #region app
import { bodyParser } from "@koa/bodyparser";
import Router from "@koa/router";
import { koaNotify } from "@wxnotify/koa";
import Koa from "koa";
import { onPaid, onRefunded } from "../handlers.js";
import { notifier } from "../notifier.js";

export const app = new Koa();
const router = new Router();

router.post("/wechatpay/notify/paid", koaNotify(notifier.paid(onPaid)));
router.post(
  "/wechatpay/notify/refund",
  koaNotify(notifier.refunded(onRefunded)),
);

// Your other routes' body parser may run first: it keeps ctx.request.rawBody,
// and the adapter verifies those exact bytes.
app.use(bodyParser({ enableTypes: ["json", "form", "xml"] }));
app.use(router.routes()).use(router.allowedMethods());
// #endregion app
