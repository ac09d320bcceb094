// #region notifier
import { readFileSync } from "node:fs";
import { createNotifier, type NotifierConfig } from "@wxnotify/core";

const env = process.env;

export const config: NotifierConfig = {
  mchId: env.WECHATPAY_MCHID!, // 商户号
  appId: env.WECHATPAY_APPID, // optional: accept only this appid
  // API v3 (JSON): the APIv3 key, and the WeChat Pay public key with its id
  apiV3Key: env.WECHATPAY_APIV3_KEY,
  wechatpayPublicKeys: [
    {
      id: env.WECHATPAY_PUBLIC_KEY_ID!, // PUB_KEY_ID_…
      pem: readFileSync(env.WECHATPAY_PUBLIC_KEY_FILE!, "utf8"),
    },
  ],
  // API v2 (XML): only if you also receive v2 notifications
  apiV2Key: env.WECHATPAY_API_KEY,
  onError(error, context) {
    // Every notification left unacknowledged, with the reason
    console.warn(`[wechatpay] ${error.code}`, context, error.message);
  },
};

export const notifier = createNotifier(config); // keys are parsed here, once
// #endregion notifier
