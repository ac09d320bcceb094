// #region server
import { createServer } from "node:http";
import { nodeNotify } from "@wxnotify/node";
import { onPaid, onRefunded } from "../handlers.js";
import { notifier } from "../notifier.js";

const routes = new Map([
  ["/wechatpay/notify/paid", nodeNotify(notifier.paid(onPaid))],
  ["/wechatpay/notify/refund", nodeNotify(notifier.refunded(onRefunded))],
]);

export const server = createServer((req, res) => {
  const notify = routes.get(
    new URL(req.url ?? "/", "http://localhost").pathname,
  );
  if (notify)
    void notify(req, res); // reads the body, answers, never throws
  else res.writeHead(404).end();
});
// #endregion server
