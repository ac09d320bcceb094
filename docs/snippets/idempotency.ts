// #region memory
import { createMemoryStore, createNotifier } from "@wxnotify/core";
import { config } from "./notifier.js";

export const notifier = createNotifier({
  ...config,
  idempotency: {
    store: createMemoryStore(), // one process; several: @wxnotify/redis
    leaseMs: 60_000, // longer than your slowest handler
  },
});
// #endregion memory

// #region key
export const byOrder = createNotifier({
  ...config,
  idempotency: {
    store: createMemoryStore(),
    // One key per order, whatever the delivery: v2 or v3, retried or not
    key: (message) =>
      message.kind === "paid" ? `paid:${message.summary.outTradeNo}` : null,
  },
});
// #endregion key
