// #region handler
// payment-handler.ts: your code, taking its configuration as a parameter
import { createNotifier, type NotifierConfig } from "@wxnotify/core";
import { onPaid } from "../handlers.js";

export function createPaymentEndpoint(config: NotifierConfig) {
  return createNotifier(config).paid(onPaid);
}
// #endregion handler
