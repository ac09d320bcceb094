import type { CryptoProvider } from "./crypto/crypto-provider.js";
import type { WxNotifyError } from "./errors.js";
import type { IdempotencyOptions } from "./idempotency/idempotency-options.js";
import type { NotificationKind, ProtocolVersion } from "./messages/common.js";

/** A WeChat Pay public key (公钥模式) and the `PUB_KEY_ID_…` id that `Wechatpay-Serial` names it by. */
export interface WechatpayPublicKey {
  /** The id shown next to the key in the merchant console, `PUB_KEY_ID_` followed by digits. */
  id: string;
  /** The key as a PEM `PUBLIC KEY` (SPKI). */
  pem: string;
}

/** A platform certificate (平台证书): its PEM, and optionally the serial to register it under. */
export interface PlatformCertificate {
  /** The certificate as a PEM `CERTIFICATE`. */
  pem: string;
  /** Overrides the serial read from the certificate (only for fixtures whose header serial differs). */
  serial?: string;
}

/** Where a library error happened, given to {@link NotifierConfig.onError}. */
export interface ErrorContext {
  /** The entry point that received the request. */
  entry: NotificationKind | "event";
  /** The protocol version, once detected. */
  version?: ProtocolVersion;
  /** The v3 envelope id, once parsed. */
  notificationId?: string;
  /** The v3 event type, once parsed. */
  eventType?: string;
  /** The duplicate-suppression key, when suppression is on. */
  idempotencyKey?: string;
}

/** Everything a notifier needs; keys are parsed once, when the notifier is created. */
export interface NotifierConfig {
  /**
   * Your merchant id(s) (商户号). v2 `mch_id` and v3 `mchid`/`sp_mchid` of
   * payments and refunds must be one of them.
   */
  mchId: string | readonly string[];
  /** App id(s) to accept in `appid`; when omitted, any appid is accepted. */
  appId?: string | readonly string[];
  /** The APIv2 key (API密钥): needed to receive v2 XML notifications. */
  apiV2Key?: string;
  /** The APIv3 key (APIv3密钥), exactly 32 characters: needed to receive v3 notifications. */
  apiV3Key?: string;
  /** WeChat Pay public keys, selected by `Wechatpay-Serial: PUB_KEY_ID_…`. */
  wechatpayPublicKeys?: readonly WechatpayPublicKey[];
  /** Platform certificates, selected by serial; list every non-expired one during a rotation. */
  platformCertificates?: readonly (string | PlatformCertificate)[];
  /** Accept only this v2 sign type (by default `sign_type`, or the sign's length, decides). */
  v2SignType?: "MD5" | "HMAC-SHA256";
  /** Largest accepted `|now - Wechatpay-Timestamp|`, in seconds. Default 300. */
  timestampToleranceSeconds?: number;
  /** Current time in milliseconds since the epoch; injectable for tests. Default `Date.now`. */
  now?: () => number;
  /** Largest accepted body, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** HTTP status of a v3 acknowledgment: 200 or 204 (default). */
  v3SuccessStatus?: 200 | 204;
  /** Duplicate suppression (exactly-once handler runs); off by default. */
  idempotency?: IdempotencyOptions;
  /** The cryptography to use. Default: node:crypto. */
  crypto?: CryptoProvider;
  /**
   * Called with every error that made a notification go unacknowledged
   * (forged, malformed, or a handler that failed). Log it here.
   */
  onError?: (error: WxNotifyError, context: ErrorContext) => void;
}
