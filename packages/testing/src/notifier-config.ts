import type { NotifierConfig } from "@wxnotify/core";

/**
 * The configuration `createNotifier` of `@wxnotify/core` takes, with every
 * field a test merchant fills in marked present; spread it to add tuning
 * fields (`{ ...merchant.config, now: () => t }`).
 */
export interface TestNotifierConfig extends NotifierConfig {
  /** Merchant id. */
  mchId: string;
  /** App id. */
  appId: string;
  /** APIv2 key, for v2 XML notifications. */
  apiV2Key: string;
  /** APIv3 key, for v3 notifications. */
  apiV3Key: string;
  /** The WeChat Pay public key, by `PUB_KEY_ID_…`. */
  wechatpayPublicKeys: { id: string; pem: string }[];
  /** The platform certificate (its serial is read from the PEM). */
  platformCertificates: string[];
}
