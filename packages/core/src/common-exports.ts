// Everything both package entries (node and portable) export alike.
export type {
  Notifier,
  NotifyEndpoint,
  Entry,
  VerifyOptions,
} from "./notifier.js";
export type {
  NotifierConfig,
  ErrorContext,
  WechatpayPublicKey,
  PlatformCertificate,
} from "./config.js";
export type { NotifyRequest, NotifyReply, HeaderRecord } from "./request.js";
export type {
  AnyMessage,
  EventHandler,
  EventMessage,
  HandlerOutcome,
  NotifyHandlerResult,
  NotifyTools,
  PaidHandler,
  PaidMessage,
  RefundedHandler,
  RefundedMessage,
  ScannedHandler,
  ScannedMessage,
  ScannedTools,
} from "./handlers.js";
export * from "./errors.js";
export type {
  IdempotencyStore,
  AcquireResult,
} from "./idempotency/idempotency-store.js";
export {
  defaultIdempotencyKey,
  type IdempotencyOptions,
} from "./idempotency/idempotency-options.js";
export {
  createMemoryStore,
  type MemoryStoreOptions,
} from "./idempotency/memory-store.js";
export type * from "./messages/common.js";
export type * from "./messages/v2.js";
export type * from "./messages/v3.js";
export {
  v2FailReply,
  v2SuccessReply,
  v3FailReply,
  v3SuccessReply,
} from "./replies.js";
export { signV2, v2StringToSign, type V2SignType } from "./v2/sign.js";
export { KNOWN_V3_EVENT_TYPES } from "./v3/v3-messages.js";
export type {
  CryptoProvider,
  RsaVerifyKey,
  ParsedCertificate,
  AesKey,
  MaybePromise,
} from "./crypto/crypto-provider.js";
