import { randomDigits } from "./random.js";
import { compactBeijing } from "./time.js";

// Realistic, unique identifiers: two builds never describe the same order,
// so tests of idempotency have to send the same notification on purpose.

/** A 28-digit WeChat order number (`transaction_id`) dated `ms`. */
export function transactionId(ms: number): string {
  return `4200${randomDigits(4, true)}${compactBeijing(ms).slice(0, 8)}${randomDigits(12, true)}`;
}

/** A merchant order number (`out_trade_no`). */
export function outTradeNo(ms: number): string {
  return `T${compactBeijing(ms)}${randomDigits(6, true)}`;
}

/** A merchant refund number (`out_refund_no`). */
export function outRefundNo(ms: number): string {
  return `R${compactBeijing(ms)}${randomDigits(6, true)}`;
}

/** A 29-digit WeChat refund number (`refund_id`). */
export function refundId(ms: number): string {
  return `5030${randomDigits(4, true)}${compactBeijing(ms).slice(0, 8)}${randomDigits(13, true)}`;
}

/** A merchant-side number with a prefix, e.g. `P20250101120000123456`. */
export function merchantNo(prefix: string, ms: number): string {
  return `${prefix}${compactBeijing(ms)}${randomDigits(6, true)}`;
}

/** A WeChat-side numeric id of `length` digits. */
export function wechatId(length: number): string {
  return randomDigits(length);
}
