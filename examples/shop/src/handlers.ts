import { createHash } from "node:crypto";
import type {
  EventHandler,
  HandlerOutcome,
  NotifyTools,
  PaidHandler,
  PaymentSummary,
  ProtocolVersion,
  RefundedHandler,
  RefundSummary,
  ScannedHandler,
} from "@wxnotify/core";
import type { OrderStore } from "./order-store.js";

/** One JSON log line. */
export type LogLine = Record<string, unknown>;

/** Where log lines go. */
export type Log = (line: LogLine) => void;

/** The four notification handlers, one per notify URL. */
export interface ShopHandlers {
  paid: PaidHandler;
  refunded: RefundedHandler;
  scanned: ScannedHandler;
  event: EventHandler;
}

/** What a Native mode-1 QR code can sell: product_id → price in fen. */
export const PRODUCTS: Readonly<Record<string, number>> = {
  P1001: 100, // the product id the `wxnotify send scanned` CLI sends
  P1002: 2500,
};

/**
 * A stand-in for the unified order API (统一下单), which a real shop calls
 * to get the prepay_id: deterministic, so tests and logs can be compared.
 */
export function fakePrepayId(outTradeNo: string): string {
  const digest = createHash("sha256").update(outTradeNo).digest("hex");
  return `wx${digest.slice(0, 32)}`;
}

/**
 * The recommended handling: look the order up, treat redeliveries as
 * duplicates, compare amounts in integer fen, and write one JSON log line
 * per processed notification. Return `true` only once the order is updated.
 */
export function createShopHandlers(orders: OrderStore, log: Log): ShopHandlers {
  let scans = 0;

  // A payment or a refund is recorded the same way whichever URL it came
  // to: /paid and /refund, or /events (whose messages carry the same summary).
  function recordPayment(
    summary: PaymentSummary,
    version: ProtocolVersion,
    { fail }: NotifyTools,
  ): true | HandlerOutcome {
    const { outTradeNo, transactionId, amountFen, succeeded } = summary;
    const line = {
      level: "info",
      notification: "paid",
      version,
      out_trade_no: outTradeNo,
      transaction_id: transactionId,
      amount: amountFen,
    };
    const order = orders.get(outTradeNo);
    if (!order) {
      // Not acknowledged: WeChat Pay redelivers for 24 hours, which covers an
      // order written by another instance a moment late. Alert on this line.
      log({ ...line, level: "error", result: "unknown_order" });
      return fail(`unknown order ${outTradeNo}`);
    }
    if (order.status !== "created" && order.status !== "payment_failed") {
      // Already decided: a redelivery that got past duplicate suppression
      // (e.g. a restart emptied the memory store). Acknowledge it again.
      log({ ...line, result: "duplicate", status: order.status });
      return true;
    }
    if (!succeeded) {
      const updated = orders.update(outTradeNo, { status: "payment_failed" });
      log({ ...line, result: "payment_failed", status: updated.status });
      return true;
    }
    if (amountFen !== order.amount) {
      // Recorded and acknowledged (a retry would bring the same amount), but
      // never marked paid: a person looks at it.
      const updated = orders.update(outTradeNo, {
        status: "amount_mismatch",
        transaction_id: transactionId,
        paid_amount: amountFen,
      });
      log({
        ...line,
        level: "warn",
        result: "amount_mismatch",
        expected: order.amount,
        status: updated.status,
      });
      return true;
    }
    const updated = orders.update(outTradeNo, {
      status: "paid",
      transaction_id: transactionId,
    });
    log({ ...line, result: "paid", status: updated.status });
    return true;
  }

  function recordRefund(
    summary: RefundSummary,
    version: ProtocolVersion,
    { fail }: NotifyTools,
  ): true | HandlerOutcome {
    const { outTradeNo, outRefundNo, refundFen, status, succeeded } = summary;
    const line = {
      level: "info",
      notification: "refund",
      version,
      out_trade_no: outTradeNo,
      out_refund_no: outRefundNo,
      refund: refundFen,
      refund_status: status,
    };
    const order = orders.get(outTradeNo);
    if (!order) {
      log({ ...line, level: "error", result: "unknown_order" });
      return fail(`unknown order ${outTradeNo}`);
    }
    if (!succeeded) {
      // ABNORMAL / CLOSED (v2 CHANGE / REFUNDCLOSE): the money did not go
      // back; the order keeps its status and someone retries the refund.
      log({ ...line, level: "warn", result: "refund_not_done" });
      return true;
    }
    const updated = orders.update(outTradeNo, {
      status: "refunded",
      refunds: { ...order.refunds, [outRefundNo]: refundFen },
    });
    log({ ...line, result: "refunded", status: updated.status });
    return true;
  }

  const paid: PaidHandler = (message, tools) =>
    recordPayment(message.summary, message.version, tools);

  const refunded: RefundedHandler = (message, tools) =>
    recordRefund(message.summary, message.version, tools);

  const scanned: ScannedHandler = (message, { alert }) => {
    const { productId, openid } = message;
    const price = PRODUCTS[productId];
    const line = {
      level: "info",
      notification: "scanned",
      version: message.version,
      product_id: productId,
      openid,
    };
    if (price === undefined) {
      log({ ...line, result: "sold_out" });
      return alert("商品已售完"); // shown to the payer; not retried
    }
    const outTradeNo = `SCAN-${productId}-${++scans}`;
    orders.create({
      out_trade_no: outTradeNo,
      amount: price,
      product_id: productId,
    });
    const prepayId = fakePrepayId(outTradeNo);
    log({
      ...line,
      result: "order_created",
      out_trade_no: outTradeNo,
      amount: price,
      prepay_id: prepayId,
    });
    return prepayId;
  };

  const event: EventHandler = (message, tools) => {
    // Payments and refunds carry the same summary here as at their own URLs
    // (and share their duplicate-suppression key), so they are recorded the
    // same way: one notify URL can serve everything.
    const { summary } = message;
    if (summary) {
      return "outRefundNo" in summary
        ? recordRefund(summary, message.version, tools)
        : recordPayment(summary, message.version, tools);
    }
    log({
      level: "info",
      notification: "event",
      version: message.version,
      id: message.envelope.id,
      event_type: message.eventType,
      result: "acknowledged",
    });
    return true;
  };

  return { paid, refunded, scanned, event };
}
