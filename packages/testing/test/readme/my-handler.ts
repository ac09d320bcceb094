// The "your own code" half of the README example: a notify handler built on
// @wxnotify/core, as an application would write it.
import { createNotifier, type NotifierConfig } from "@wxnotify/core";

export interface Orders {
  find(outTradeNo: string): { amountFen: number; paid: boolean } | undefined;
  markPaid(outTradeNo: string): void;
}

export function createPaymentHandler(config: NotifierConfig, orders: Orders) {
  const notifier = createNotifier(config);
  return (request: {
    method: string;
    headers: Record<string, string>;
    body: Uint8Array;
  }) =>
    notifier.handlePaid(request, async (message, { fail }) => {
      const order = orders.find(message.summary.outTradeNo);
      if (!order) return fail("unknown order");
      if (order.amountFen !== message.summary.amountFen) return fail("amount");
      orders.markPaid(message.summary.outTradeNo);
      return true;
    });
}
