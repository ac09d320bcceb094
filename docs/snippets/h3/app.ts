// #region app
import { h3Notify } from "@wxnotify/h3";
import { H3 } from "h3";
import { onPaid, onRefunded } from "../handlers.js";
import { notifier } from "../notifier.js";

export const app = new H3();

// No readBody() before these routes: h3 v2 keeps no copy of the bytes.
app.post("/wechatpay/notify/paid", h3Notify(notifier.paid(onPaid)));
app.post("/wechatpay/notify/refund", h3Notify(notifier.refunded(onRefunded)));
// #endregion app
