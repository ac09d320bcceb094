import type { EventHandler } from "@wxnotify/core";

const log = (...args: unknown[]) => console.log("[events]", ...args);

// #region dispatch
export const onEvent: EventHandler = async (message) => {
  // v2 XML payments and refunds can arrive at the same URL
  if (message.version === "v2") {
    log(message.kind, message.summary.outTradeNo);
    return true;
  }
  // A type without a model is verified and decrypted all the same
  if (!message.known) {
    log("untyped event", message.eventType, Object.keys(message.resource));
    return true;
  }
  // Checking eventType narrows resource to that event's type
  switch (message.eventType) {
    case "TRANSACTION.SUCCESS": {
      const payment = message.resource; // direct, partner or combined
      const orderNo =
        "combine_out_trade_no" in payment
          ? payment.combine_out_trade_no
          : payment.out_trade_no;
      log("paid", orderNo);
      return true;
    }
    case "REFUND.SUCCESS":
    case "REFUND.ABNORMAL":
    case "REFUND.CLOSED":
      log(message.eventType, message.resource.out_refund_no);
      return true;
    case "COMPLAINT.CREATE":
    case "COMPLAINT.STATE_CHANGE":
      log("complaint", message.resource.complaint_id);
      return true;
    case "PROFITSHARING.SUCCESS":
      log("profit sharing", message.resource.receiver.amount);
      return true;
    default:
      log("not handled yet", message.eventType);
      return true;
  }
};
// #endregion dispatch
