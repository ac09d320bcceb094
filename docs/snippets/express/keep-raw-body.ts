import { expressNotify } from "@wxnotify/express";
import express from "express";
import { onPaid } from "../handlers.js";
import { notifier } from "../notifier.js";

export const app = express();

// #region verify
// express.json() must run before every route? Keep the bytes it read:
app.use(
  express.json({
    verify: (req, _res, buffer) => {
      // the adapter prefers rawBody, the exact bytes, to the parsed body
      Object.assign(req, { rawBody: buffer });
    },
  }),
);
app.post("/wechatpay/notify/paid", expressNotify(notifier.paid(onPaid)));
// #endregion verify
