import type { AnyMessage } from "../handlers.js";
import type { PaymentSummary, RefundSummary } from "../messages/common.js";
import type { IdempotencyStore } from "./idempotency-store.js";

/**
 * Duplicate suppression: WeChat Pay redelivers the same notification (retries
 * over 24 h, sometimes concurrently, sometimes after an acknowledgment). With
 * this on, each notification's handler body runs once: the first delivery
 * takes a lease and runs the handler; a concurrent duplicate is answered with
 * a retryable failure (or waits up to `waitMs`); once acknowledged, the key is
 * done for `doneTtlMs` and later duplicates are acknowledged without the
 * handler. `fail()`, a throw or any non-`true` return releases the lease.
 */
export interface IdempotencyOptions {
  /** Where leases and done keys live: `createMemoryStore()` or a shared store. */
  store: IdempotencyStore;
  /**
   * The key of a notification; `null` turns suppression off for it. Default
   * {@link defaultIdempotencyKey}: payments by transaction, refunds by refund
   * and status, other v3 events by envelope id; scan callbacks are never
   * suppressed (each scan needs its own `prepay_id`).
   */
  key?: (message: AnyMessage) => string | null | undefined;
  /** How long a delivery may hold the lease before another may take over, ms. Default 60 000. */
  leaseMs?: number;
  /** How long an acknowledged key stays done, ms. Default 25 h, longer than WeChat's 24 h retry window. */
  doneTtlMs?: number;
  /** How long a concurrent duplicate waits for the first delivery to finish, ms. Default 0: answer at once. */
  waitMs?: number;
  /** Poll interval while waiting, ms. Default 50. */
  pollMs?: number;
}

function merchantOf(resource: Record<string, unknown>): string {
  return String(
    resource.mchid ?? resource.sp_mchid ?? resource.combine_mchid ?? "",
  );
}

function summaryKey(
  merchant: string,
  summary: PaymentSummary | RefundSummary,
): string {
  return "refundId" in summary
    ? `refund:${merchant}:${summary.outRefundNo}:${summary.status}`
    : `paid:${merchant}:${summary.transactionId || `order:${summary.outTradeNo}`}`;
}

/**
 * The default key: payments `paid:<merchant>:<transaction_id or order>`,
 * refunds `refund:<merchant>:<out_refund_no>:<status>`, other v3 events
 * `event:<envelope id>`; v2 and v3 deliveries of one payment share a key,
 * whichever entry point received them.
 */
export function defaultIdempotencyKey(message: AnyMessage): string | null {
  switch (message.kind) {
    case "scanned":
      return null;
    case "event":
      return message.summary === undefined
        ? `event:${message.envelope.id}`
        : summaryKey(merchantOf(message.resource), message.summary);
    default:
      return summaryKey(
        message.version === "v2"
          ? message.fields.mch_id
          : merchantOf(message.resource),
        message.summary,
      );
  }
}
