export {
  createTestMerchant,
  testMerchant,
  testMerchantFromKeys,
  type TestMerchant,
} from "./test-merchant.js";
export type { TestMerchantKeys } from "./test-merchant-keys.js";
export type { TestNotifierConfig } from "./notifier-config.js";
export {
  loadTestMerchant,
  MERCHANT_FILES,
  saveTestMerchant,
} from "./merchant-folder.js";
export type {
  Notification,
  SignedNotification,
  V2Kind,
  V2Notification,
  V3EnvelopeJson,
  V3Notification,
} from "./signed-notification.js";
export type {
  V2Builder,
  V2CouponInput,
  V2FieldOverrides,
  V2PaidOptions,
  V2RefundOptions,
  V2SignOptions,
} from "./v2-builder.js";
export type {
  V3Builder,
  V3EventOptions,
  V3Options,
  V3PaidOptions,
  V3RefundOptions,
  V3ResourceOverrides,
  V3Via,
} from "./v3-builder.js";
export type { PaidVariant, RefundVariant } from "./_internal/v3-defaults.js";
export { KNOWN_EVENT_TYPES } from "./_internal/v3-defaults.js";
export { tamper, type TamperKeys } from "./tamper.js";
export { resign, type ResignOptions } from "./resign.js";
export type { CapturedRequest } from "./captured-request.js";
export {
  parseCapture,
  toCaptureFile,
  type CaptureFile,
} from "./capture-file.js";
export type { NowInput } from "./_internal/time.js";
// The signing primitives, for building something the builders do not cover.
export {
  signV2,
  v2StringToSign,
  type V2SignType,
} from "./_internal/v2-signature.js";
export { toV2Xml, type V2XmlOptions } from "./_internal/xml.js";
export { encryptReqInfo, encryptV3Resource } from "./_internal/aes.js";
export { signV3, v3Message } from "./_internal/rsa.js";
export {
  judgeReply,
  VERDICT_LABELS,
  type ReplyInput,
  type ReplyJudgement,
  type Verdict,
} from "./reply-verdict.js";
