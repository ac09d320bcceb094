// #region app
import { expressNotify } from "@wxnotify/express";
import express from "express";
import { onPaid, onRefunded } from "../handlers.js";
import { notifier } from "../notifier.js";

export const app = express();

// Notify routes first: they read the raw body themselves.
app.post("/wechatpay/notify/paid", expressNotify(notifier.paid(onPaid)));
app.post(
  "/wechatpay/notify/refund",
  expressNotify(notifier.refunded(onRefunded)),
);

// Then the body parsers the rest of your app needs.
app.use(express.json());
// #endregion app
