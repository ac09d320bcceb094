// #region route
// server/routes/wechatpay/paid.post.ts → POST /wechatpay/paid
import { h3Notify } from "@wxnotify/h3";
import { onPaid } from "../../../../handlers";
import { notifier } from "../../utils/wechatpay";

export default h3Notify(notifier.paid(onPaid));
// #endregion route
