// #region notifier
// server/utils/wechatpay.ts: Nuxt auto-imports what server/utils exports
import { createNotifier } from "@wxnotify/core";

export const notifier = createNotifier({
  mchId: process.env.NUXT_WECHATPAY_MCHID!,
  apiV3Key: process.env.NUXT_WECHATPAY_APIV3_KEY,
  wechatpayPublicKeys: [
    {
      id: process.env.NUXT_WECHATPAY_PUBLIC_KEY_ID!,
      // the PEM itself in an environment variable (secrets manager, .env)
      pem: process.env.NUXT_WECHATPAY_PUBLIC_KEY!,
    },
  ],
  apiV2Key: process.env.NUXT_WECHATPAY_API_KEY,
});
// #endregion notifier
