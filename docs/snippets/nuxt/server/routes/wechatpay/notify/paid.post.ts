// #region route
// server/routes/wechatpay/notify/paid.post.ts → POST /wechatpay/notify/paid
import { h3Notify } from "@wxnotify/h3";
import { onPaid } from "../../../utils/handlers";
import { notifier } from "../../../utils/wechatpay";

export default h3Notify(notifier.paid(onPaid));
// #endregion route
