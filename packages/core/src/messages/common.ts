/** API family of a notification: v2 (XML, MD5/HMAC) or v3 (JSON, RSA + AES-GCM). */
export type ProtocolVersion = "v2" | "v3";

/** The entry point a notification belongs to. */
export type NotificationKind = "paid" | "refunded" | "scanned";

/**
 * A payment reduced to what every handler checks, identical for v2 and v3,
 * so one handler serves both. Amounts are integer fen (分), compared exactly.
 */
export interface PaymentSummary {
  /** Merchant order number (v2/v3 `out_trade_no`; `combine_out_trade_no` for a combined payment). */
  outTradeNo: string;
  /** WeChat order number (`transaction_id`); empty for a combined payment, see `subOrders`. */
  transactionId: string;
  /** Order amount in fen (v2 `total_fee`, v3 `amount.total`; the sum of sub-orders when combined). */
  amountFen: number;
  /** Currency, `CNY` unless stated. */
  currency: string;
  /** True when the payment succeeded (v2 `result_code=SUCCESS`, v3 `trade_state=SUCCESS`). */
  succeeded: boolean;
  /** For a combined payment (合单支付): one summary per sub-order. */
  subOrders?: PaymentSummary[];
}

/** A refund reduced to what every handler checks, identical for v2 and v3. */
export interface RefundSummary {
  /** Merchant order number. */
  outTradeNo: string;
  /** WeChat order number. */
  transactionId: string;
  /** Merchant refund number. */
  outRefundNo: string;
  /** WeChat refund number. */
  refundId: string;
  /** Refunded amount in fen (v2 `refund_fee`, v3 `amount.refund`). */
  refundFen: number;
  /** Order amount in fen (v2 `total_fee`, v3 `amount.total`). */
  totalFen: number;
  /** Refund status as sent: v2 `SUCCESS`/`CHANGE`/`REFUNDCLOSE`, v3 `SUCCESS`/`ABNORMAL`/`CLOSED`. */
  status: string;
  /** True when the refund succeeded. */
  succeeded: boolean;
}
