// #region route
// app/api/wechatpay/notify/paid/route.ts (Next.js App Router)
import { webNotify } from "@wxnotify/web";
import { onPaid } from "../handlers.js";
import { notifier } from "../notifier.js";

export const POST = webNotify(notifier.paid(onPaid));
// #endregion route
