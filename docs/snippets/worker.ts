// #region worker
// A Cloudflare Worker: "@wxnotify/core" resolves to the portable build
// (WebCrypto, no node:crypto) through the package's "workerd" condition.
import { createNotifier } from "@wxnotify/core";
import { webNotify } from "@wxnotify/web";
import { onPaid } from "./handlers.js";

export interface Env {
  WECHATPAY_MCHID: string;
  WECHATPAY_APIV3_KEY: string;
  WECHATPAY_PUBLIC_KEY_ID: string;
  WECHATPAY_PUBLIC_KEY: string; // the PEM, as a secret
}

let handle: ((request: Request) => Promise<Response>) | undefined;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    // Keys come with the first request's env: build the notifier once
    handle ??= webNotify(
      createNotifier({
        mchId: env.WECHATPAY_MCHID,
        apiV3Key: env.WECHATPAY_APIV3_KEY,
        wechatpayPublicKeys: [
          { id: env.WECHATPAY_PUBLIC_KEY_ID, pem: env.WECHATPAY_PUBLIC_KEY },
        ],
      }).paid(onPaid),
    );
    return handle(request);
  },
};
// #endregion worker
