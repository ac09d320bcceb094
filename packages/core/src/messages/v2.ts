import type { PaymentSummary, RefundSummary } from "./common.js";

/**
 * Fields of a v2 XML document, every value the exact string received:
 * numbers stay strings (`total_fee`, and `out_trade_no` keeps leading zeros).
 * Fields WeChat adds later are kept too.
 */
export type V2Fields = Readonly<Record<string, string>>;

/** Fields of a v2 payment result notification (支付结果通知); see the protocol spec §1.3. */
export interface V2PaidFields extends V2Fields {
  return_code: string;
  appid: string;
  mch_id: string;
  nonce_str: string;
  sign: string;
  result_code: string;
  openid: string;
  trade_type: string;
  bank_type: string;
  total_fee: string;
  cash_fee: string;
  transaction_id: string;
  out_trade_no: string;
  time_end: string;
}

/** One coupon of a v2 payment, grouped from `coupon_id_$n`, `coupon_type_$n`, `coupon_fee_$n`. */
export interface V2Coupon {
  /** `coupon_id_$n`. */
  id: string;
  /** `coupon_type_$n`: `CASH` or `NO_CASH` (may be absent). */
  type?: string;
  /** `coupon_fee_$n` in fen, as a string. */
  fee: string;
}

/** Outer fields of a v2 refund result notification (退款结果通知). */
export interface V2RefundOuterFields extends V2Fields {
  return_code: string;
  appid: string;
  mch_id: string;
  nonce_str: string;
  req_info: string;
}

/** Decrypted `req_info` of a v2 refund notification; see the protocol spec §2.3. */
export interface V2RefundInfo extends V2Fields {
  transaction_id: string;
  out_trade_no: string;
  refund_id: string;
  out_refund_no: string;
  total_fee: string;
  refund_fee: string;
  settlement_refund_fee: string;
  refund_status: string;
  refund_recv_accout: string;
  refund_account: string;
  refund_request_source: string;
}

/** Fields of a v2 Native "mode 1" scan callback (扫码支付回调); see the protocol spec §3.2. */
export interface V2ScannedFields extends V2Fields {
  appid: string;
  openid: string;
  mch_id: string;
  is_subscribe: string;
  nonce_str: string;
  product_id: string;
  sign: string;
}

/** A verified v2 payment result notification. */
export interface V2PaidMessage {
  version: "v2";
  kind: "paid";
  /** Every field received, as strings. */
  fields: V2PaidFields;
  /** Coupons used, grouped from the `coupon_*_$n` fields. */
  coupons: V2Coupon[];
  /** Algorithm the sign was verified with. */
  signType: "MD5" | "HMAC-SHA256";
  /** Order number, transaction id, amount in fen, success: same shape as v3. */
  summary: PaymentSummary;
}

/** A v2 refund result notification whose `req_info` decrypted. */
export interface V2RefundedMessage {
  version: "v2";
  kind: "refunded";
  /** Outer (unencrypted) fields. */
  fields: V2RefundOuterFields;
  /** Decrypted `req_info`, as strings. */
  refund: V2RefundInfo;
  /** Order and refund numbers, amounts in fen, success: same shape as v3. */
  summary: RefundSummary;
}

/** A verified v2 Native mode-1 scan callback. */
export interface V2ScannedMessage {
  version: "v2";
  kind: "scanned";
  /** Every field received, as strings. */
  fields: V2ScannedFields;
  /** The product id from the QR code. */
  productId: string;
  /** The payer's openid under `appid`. */
  openid: string;
  /** Algorithm the sign was verified with. */
  signType: "MD5" | "HMAC-SHA256";
}
