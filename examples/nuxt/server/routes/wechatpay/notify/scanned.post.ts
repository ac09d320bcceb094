import { h3Notify } from "@wxnotify/h3";
import { shop } from "../../../utils/shop";

// #region notify-routes
// POST /wechatpay/notify/scanned: v2 XML and v3 JSON. h3Notify reads the exact
// bytes from Nitro's node request (h3 v1), so nothing may read the body first.
export default h3Notify(shop.notifier.scanned(shop.handlers.scanned));
// #endregion notify-routes
