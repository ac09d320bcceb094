import type { PaidHandler, RefundedHandler } from "@wxnotify/core";
import { orders } from "./orders.js";

// #region paid
export const onPaid: PaidHandler = async (message, { fail }) => {
  // summary has the same shape for v2 and v3; amounts are integer fen
  const { outTradeNo, amountFen, transactionId, succeeded } = message.summary;
  const order = await orders.find(outTradeNo);
  if (!order) return fail("unknown order"); // not acknowledged: WeChat Pay retries
  if (order.status === "paid") return true; // a duplicate: acknowledge again
  if (!succeeded) return true; // a failed payment (v2 result_code=FAIL): noted
  if (order.amountFen !== amountFen) {
    await orders.flagAmountMismatch(order, amountFen);
    return true; // recorded: do not ask for the same wrong amount again
  }
  await orders.markPaid(order, transactionId);
  return true; // acknowledged only now, after the state is saved
};
// #endregion paid

// #region refunded
export const onRefunded: RefundedHandler = async (message) => {
  const { outTradeNo, status, succeeded } = message.summary;
  if (succeeded) await orders.markRefunded(outTradeNo);
  else console.warn(`refund of ${outTradeNo} ended ${status}`);
  return true;
};
// #endregion refunded
