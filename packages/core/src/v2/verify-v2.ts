import {
  decodeBase64Strict,
  decodeUtf8Strict,
  utf8,
} from "../_internal/bytes.js";
import type {
  ImportedKeys,
  ResolvedConfig,
} from "../_internal/resolve-config.js";
import { andThen } from "../_internal/maybe-promise.js";
import { parseFlatXml, rememberFieldNames } from "../_internal/xml.js";
import type {
  CryptoProvider,
  MaybePromise,
} from "../crypto/crypto-provider.js";
import {
  ConfigurationError,
  DecryptionError,
  MalformedRequestError,
  MerchantMismatchError,
  SignatureVerificationError,
  WxNotifyError,
} from "../errors.js";
import type { PaymentSummary, RefundSummary } from "../messages/common.js";
import type {
  V2Coupon,
  V2PaidFields,
  V2PaidMessage,
  V2RefundInfo,
  V2RefundOuterFields,
  V2RefundedMessage,
  V2ScannedFields,
  V2ScannedMessage,
} from "../messages/v2.js";
import { signV2, type V2SignType } from "./sign.js";

/** Any verified v2 message. */
export type V2Message = V2PaidMessage | V2RefundedMessage | V2ScannedMessage;

const FEN = /^(?:0|[1-9][0-9]{0,15})$/;

function malformed(message: string): MalformedRequestError {
  return new MalformedRequestError("body_malformed", message);
}

/** Parses a base-10 amount in fen, exactly: no sign, no decimals, no leading zeros. */
export function parseFen(value: string | undefined, field: string): number {
  if (value === undefined || !FEN.test(value)) {
    throw malformed(
      `The field ${field} must be an amount in fen (a whole number), got ${value === undefined ? "nothing" : JSON.stringify(value.slice(0, 32))}.`,
    );
  }
  const fen = Number(value);
  if (!Number.isSafeInteger(fen))
    throw malformed(`The field ${field} is out of range.`);
  return fen;
}

// The fields each kind of notification must carry, made once rather than
// per request.
const PAYMENT_FIELDS = ["mch_id", "out_trade_no", "total_fee"] as const;
const PAID_FIELDS = ["transaction_id"] as const;
const SCAN_FIELDS = ["mch_id", "openid", "product_id"] as const;
const REFUND_FIELDS = ["mch_id", "req_info"] as const;
const REFUND_INFO_FIELDS = [
  "out_trade_no",
  "out_refund_no",
  "refund_fee",
  "total_fee",
  "refund_status",
] as const;

function requireFields(
  fields: Record<string, string>,
  names: readonly string[],
  what: string,
): void {
  // The list of what is missing is built only to explain a refusal.
  for (const name of names) {
    if (!fields[name]) {
      const missing = names.filter((required) => !fields[required]);
      throw malformed(`The ${what} lacks ${missing.join(", ")}.`);
    }
  }
}

function checkMerchant(
  config: ResolvedConfig,
  fields: Record<string, string>,
): void {
  const mchId = fields.mch_id ?? "";
  if (!config.mchIds.has(mchId)) {
    throw new MerchantMismatchError(
      "merchant_mismatch",
      `The notification is for mch_id ${mchId}, which is not in mchId (${[...config.mchIds].join(", ")}). Check mchId, or the notify_url given to WeChat Pay.`,
    );
  }
  if (config.appIds && !config.appIds.has(fields.appid ?? "")) {
    throw new MerchantMismatchError(
      "merchant_mismatch",
      `The notification is for appid ${fields.appid ?? "(none)"}, which is not in appId (${[...config.appIds].join(", ")}).`,
    );
  }
}

function requireApiV2Key(config: ResolvedConfig): string {
  if (config.apiV2Key === undefined) {
    throw new ConfigurationError(
      "A v2 XML notification arrived but apiV2Key is not configured. Set apiV2Key (API密钥 in the merchant console) to receive v2 notifications.",
    );
  }
  return config.apiV2Key;
}

function checkReturnCode(fields: Record<string, string>): void {
  if (fields.return_code !== "SUCCESS") {
    throw new WxNotifyError(
      "communication_failure",
      `The notification has return_code=${fields.return_code ?? "(missing)"}${fields.return_msg ? ` (return_msg: ${fields.return_msg.slice(0, 128)})` : ""}: it carries no verifiable result. Query the order instead.`,
    );
  }
}

function verifySign(
  config: ResolvedConfig,
  fields: Record<string, string>,
): MaybePromise<V2SignType> {
  const apiV2Key = requireApiV2Key(config);
  const received = fields.sign;
  if (!received) {
    throw new SignatureVerificationError(
      "signature_missing",
      "The v2 notification has no sign field. WeChat Pay signs every result it sends; a message without sign is forged.",
    );
  }
  let signType: V2SignType;
  const declared = fields.sign_type;
  if (declared !== undefined) {
    if (declared !== "MD5" && declared !== "HMAC-SHA256") {
      throw new MalformedRequestError(
        "unsupported_algorithm",
        `sign_type ${JSON.stringify(declared.slice(0, 32))} is not supported; WeChat Pay uses MD5 or HMAC-SHA256.`,
      );
    }
    signType = declared;
  } else if (received.length === 64) {
    // WeChat signs with the algorithm the order was created with and may omit
    // sign_type (spec §1.5): the sign's length tells.
    signType = "HMAC-SHA256";
  } else if (received.length === 32) {
    signType = "MD5";
  } else {
    throw new SignatureVerificationError(
      "signature_invalid",
      `The v2 sign is ${received.length} characters; an MD5 sign has 32 and an HMAC-SHA256 sign 64.`,
    );
  }
  if (config.v2SignType !== undefined && signType !== config.v2SignType) {
    throw new SignatureVerificationError(
      "signature_invalid",
      `The notification is signed with ${signType} but v2SignType pins ${config.v2SignType}.`,
    );
  }
  return andThen(
    signV2(config.crypto, fields, apiV2Key, signType),
    compareSign,
    config,
    received,
    signType,
  );
}

function compareSign(
  expected: string,
  config: ResolvedConfig,
  received: string,
  signType: V2SignType,
): V2SignType {
  if (
    !config.crypto.timingSafeEqual(utf8(expected), utf8(received.toUpperCase()))
  ) {
    throw new SignatureVerificationError(
      "signature_invalid",
      `The v2 sign does not match (${signType}). Check that apiV2Key is the API key (API密钥) set in the merchant console, and that the body reached the library unchanged: values must keep their exact text, including leading zeros and Chinese characters in UTF-8.`,
    );
  }
  return signType;
}

function collectCoupons(fields: Record<string, string>): V2Coupon[] {
  const coupons: V2Coupon[] = [];
  for (let n = 0; ; n++) {
    // A literal for the first: most payments have no coupon, and a built
    // name would be hashed and looked up only to find nothing.
    const id = fields[n === 0 ? "coupon_id_0" : `coupon_id_${n}`];
    if (id === undefined) break;
    const type = fields[`coupon_type_${n}`];
    coupons.push({
      id,
      fee: fields[`coupon_fee_${n}`] ?? "",
      ...(type === undefined ? {} : { type }),
    });
  }
  return coupons;
}

function paidSummary(fields: Record<string, string>): PaymentSummary {
  return {
    outTradeNo: fields.out_trade_no ?? "",
    transactionId: fields.transaction_id ?? "",
    amountFen: parseFen(fields.total_fee, "total_fee"),
    currency: fields.fee_type || "CNY",
    succeeded: fields.result_code === "SUCCESS",
  };
}

function undecryptable(cause: unknown): DecryptionError {
  return new DecryptionError(
    "decryption_failed",
    "req_info could not be decrypted with the configured apiV2Key. Check that apiV2Key is the API key (API密钥) of the merchant that issued the refund.",
    { cause },
  );
}

function parseRefundInfo(plaintext: Uint8Array): Record<string, string> {
  let text: string;
  try {
    text = decodeUtf8Strict(plaintext);
  } catch (error) {
    throw undecryptable(error);
  }
  try {
    return parseFlatXml(text, "root");
  } catch (error) {
    // AES-ECB has no integrity check: a wrong key or spliced blocks show up here.
    throw new DecryptionError(
      "decryption_failed",
      "req_info decrypted to something that is not a <root> document: apiV2Key is likely wrong, or the ciphertext was altered.",
      { cause: error },
    );
  }
}

/** Decrypts and parses `req_info`: synchronously with node:crypto. */
function decryptRefundInfo(
  crypto: CryptoProvider,
  refundKey: Uint8Array,
  reqInfo: string,
): MaybePromise<Record<string, string>> {
  const data = decodeBase64Strict(reqInfo);
  if (!data || data.length === 0 || data.length % 16 !== 0) {
    throw new DecryptionError(
      "decryption_failed",
      "req_info is not base64 of whole AES blocks; the refund notification was truncated or altered.",
    );
  }
  let plaintext: MaybePromise<Uint8Array>;
  try {
    plaintext = crypto.decryptAesEcb(refundKey, data);
  } catch (error) {
    throw undecryptable(error);
  }
  return plaintext instanceof Promise
    ? plaintext.then(parseRefundInfo, (error: unknown) => {
        throw undecryptable(error);
      })
    : parseRefundInfo(plaintext);
}

function refundMessage(
  refund: Record<string, string>,
  fields: Record<string, string>,
): V2RefundedMessage {
  requireFields(refund, REFUND_INFO_FIELDS, "decrypted req_info");
  // Authenticated by decrypting to a well-formed <root>: later refunds
  // with the same fields are scanned faster.
  rememberFieldNames("xml", fields);
  rememberFieldNames("root", refund);
  const summary: RefundSummary = {
    outTradeNo: refund.out_trade_no!,
    transactionId: refund.transaction_id ?? "",
    outRefundNo: refund.out_refund_no!,
    refundId: refund.refund_id ?? "",
    refundFen: parseFen(refund.refund_fee, "refund_fee"),
    totalFen: parseFen(refund.total_fee, "total_fee"),
    status: refund.refund_status!,
    succeeded: refund.refund_status === "SUCCESS",
  };
  return {
    version: "v2",
    kind: "refunded",
    fields: fields as V2RefundOuterFields,
    refund: refund as V2RefundInfo,
    summary,
  };
}

function scannedMessage(
  signType: V2SignType,
  config: ResolvedConfig,
  fields: Record<string, string>,
): V2ScannedMessage {
  requireFields(fields, SCAN_FIELDS, "scan callback");
  checkMerchant(config, fields);
  rememberFieldNames("xml", fields);
  return {
    version: "v2",
    kind: "scanned",
    fields: fields as V2ScannedFields,
    productId: fields.product_id!,
    openid: fields.openid!,
    signType,
  };
}

function paidMessage(
  signType: V2SignType,
  config: ResolvedConfig,
  fields: Record<string, string>,
): V2PaidMessage {
  requireFields(fields, PAYMENT_FIELDS, "payment notification");
  if (fields.result_code === "SUCCESS") {
    requireFields(fields, PAID_FIELDS, "payment notification");
  }
  checkMerchant(config, fields);
  rememberFieldNames("xml", fields);
  return {
    version: "v2",
    kind: "paid",
    fields: fields as V2PaidFields,
    coupons: collectCoupons(fields),
    signType,
    summary: paidSummary(fields),
  };
}

/**
 * Verifies a v2 XML notification: payment (sign), refund (req_info decrypts)
 * or scan callback (sign), then checks mch_id/appid against the configuration.
 *
 * Synchronous with node:crypto (it throws), a promise with the portable
 * provider (it rejects): a caller awaits only a promise.
 */
export function verifyV2(
  config: ResolvedConfig,
  body: Uint8Array,
): MaybePromise<V2Message> {
  let text: string;
  try {
    text = decodeUtf8Strict(body);
  } catch {
    throw malformed("The XML body is not valid UTF-8; WeChat Pay sends UTF-8.");
  }
  const fields = parseFlatXml(text, "xml");

  if (fields.req_info !== undefined) {
    checkReturnCode(fields);
    requireApiV2Key(config);
    requireFields(fields, REFUND_FIELDS, "refund notification");
    checkMerchant(config, fields);
    return andThen(config.keys, decryptRefund, config, fields);
  }

  if (fields.product_id !== undefined && fields.return_code === undefined) {
    return andThen(verifySign(config, fields), scannedMessage, config, fields);
  }

  checkReturnCode(fields);
  return andThen(verifySign(config, fields), paidMessage, config, fields);
}

function decryptRefund(
  keys: ImportedKeys,
  config: ResolvedConfig,
  fields: Record<string, string>,
): MaybePromise<V2RefundedMessage> {
  return andThen(
    decryptRefundInfo(config.crypto, keys.refundKey!, fields.req_info!),
    refundMessage,
    fields,
  );
}
