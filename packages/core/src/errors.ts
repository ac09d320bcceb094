/**
 * Every error the core raises, with a stable `code` and the HTTP status that
 * code maps to. The table below is the only place where statuses are chosen:
 * adapters never pick one.
 */

/** Stable machine-readable error codes. */
export type WxNotifyErrorCode =
  // request shape
  | "method_not_allowed"
  | "body_empty"
  | "body_too_large"
  | "body_malformed"
  | "xml_doctype_forbidden"
  | "header_missing"
  | "header_invalid"
  | "raw_body_unavailable"
  | "unsupported_algorithm"
  | "unexpected_notification"
  // authenticity
  | "signature_missing"
  | "signature_invalid"
  | "signature_probe"
  | "unknown_serial"
  | "certificate_expired"
  | "timestamp_out_of_range"
  | "decryption_failed"
  | "merchant_mismatch"
  // business result from WeChat that cannot be acted on
  | "communication_failure"
  // the user's handler
  | "handler_failed"
  | "handler_threw"
  | "handler_not_acknowledged"
  // duplicate suppression
  | "duplicate_in_progress"
  | "idempotency_store_unavailable"
  | "lease_lost"
  // set-up
  | "configuration_invalid";

/**
 * HTTP status for every error code. A 4xx or 5xx makes WeChat retry the
 * delivery later; nothing here ever acknowledges.
 */
export const ERROR_STATUS: Readonly<Record<WxNotifyErrorCode, number>> = {
  method_not_allowed: 405,
  body_empty: 400,
  body_too_large: 413,
  body_malformed: 400,
  xml_doctype_forbidden: 400,
  header_missing: 400,
  header_invalid: 400,
  raw_body_unavailable: 500,
  unsupported_algorithm: 400,
  unexpected_notification: 400,
  signature_missing: 401,
  signature_invalid: 401,
  signature_probe: 401,
  unknown_serial: 401,
  certificate_expired: 401,
  timestamp_out_of_range: 401,
  decryption_failed: 401,
  merchant_mismatch: 403,
  communication_failure: 400,
  handler_failed: 500,
  handler_threw: 500,
  handler_not_acknowledged: 500,
  duplicate_in_progress: 409,
  idempotency_store_unavailable: 503,
  lease_lost: 500,
  configuration_invalid: 500,
};

const PREFIX = "@wxnotify/core: ";

/** Base class of every error the library raises. */
export class WxNotifyError extends Error {
  /** Stable code; safe to switch on. */
  readonly code: WxNotifyErrorCode;
  /** HTTP status the reply carries for this error. */
  readonly status: number;

  constructor(
    code: WxNotifyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message.startsWith("@wxnotify/") ? message : PREFIX + message, {
      cause: options?.cause,
    });
    this.name = new.target.name;
    this.code = code;
    this.status = ERROR_STATUS[code];
  }
}

/** The request itself is unusable: wrong method, empty, too large, not XML or JSON, a missing header. */
export class MalformedRequestError extends WxNotifyError {}

/** The notification's signature is absent or does not verify (v2 `sign`, v3 `Wechatpay-Signature`). */
export class SignatureVerificationError extends WxNotifyError {}

/** A v3 `Wechatpay-Signature` starting with `WECHATPAY/SIGNTEST/`: WeChat Pay checking that signatures are verified. */
export class SignatureProbeError extends SignatureVerificationError {}

/** The v3 `Wechatpay-Timestamp` is outside the tolerance window. */
export class TimestampError extends WxNotifyError {
  /** Seconds by which the timestamp is off: positive when in the future. */
  readonly skewSeconds: number;
  constructor(message: string, skewSeconds: number) {
    super("timestamp_out_of_range", message);
    this.skewSeconds = skewSeconds;
  }
}

/** A v3 resource (AES-256-GCM) or v2 `req_info` (AES-256-ECB) could not be decrypted. */
export class DecryptionError extends WxNotifyError {}

/** A verified notification names another merchant (`mch_id`/`mchid`) or app (`appid`). */
export class MerchantMismatchError extends WxNotifyError {}

/** A notification of another kind arrived at this entry point (a refund at the payment URL, say). */
export class UnexpectedNotificationError extends WxNotifyError {}

/** The adapter could not get the exact bytes of the body (a body parser consumed them). */
export class RawBodyUnavailableError extends WxNotifyError {
  constructor(message: string) {
    super("raw_body_unavailable", message);
  }
}

/** The handler did not acknowledge: it called `fail()`, threw, or returned something other than `true`. */
export class HandlerError extends WxNotifyError {}

/**
 * Duplicate suppression could not decide: another delivery of the same
 * notification is in progress, the store is unreachable, or the lease was
 * lost. Always answered with a retryable failure.
 */
export class IdempotencyError extends WxNotifyError {}

/** The notifier was set up wrongly (a missing or wrong-length key, an unreadable PEM). */
export class ConfigurationError extends WxNotifyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("configuration_invalid", message, options);
  }
}

/** True when `value` is an error raised by this library. */
export function isWxNotifyError(value: unknown): value is WxNotifyError {
  return value instanceof WxNotifyError;
}
