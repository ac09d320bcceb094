// Forked with --expose-gc: pushes valid v3 payment notifications through
// handlePaid and reports memory before and after.
import { createNotifier } from "@wxnotify/core";
import { FIXED_NOW_MS, createInputs, nodeStyle } from "../inputs.js";
import type { MemoryReport } from "./memory-report.js";

const total = Number(process.argv[2] ?? 100_000);
const POOL = 64;

const gc = (globalThis as { gc?: () => void }).gc;
function collect(): void {
  // Two passes: the first may only promote what the second frees.
  gc?.();
  gc?.();
}

const inputs = createInputs();
// Distinct notifications (own ids, nonces, signatures), cycled: signing
// 100k with RSA would take longer than verifying them.
const pool = Array.from({ length: POOL }, () =>
  nodeStyle(
    inputs.merchant.v3.paid({}, { now: FIXED_NOW_MS, via: "certificate" }),
  ),
);
const notifier = createNotifier(inputs.config);
const handler = () => true as const;

// Warm up with the first pool round, so the "before" includes compiled code.
for (const request of pool) await notifier.handlePaid(request, handler);
collect();
const before = process.memoryUsage();
const started = performance.now();
let refused = 0;
for (let i = 0; i < total; i++) {
  const reply = await notifier.handlePaid(pool[i % POOL]!, handler);
  if (reply.status !== 204) refused++;
}
const seconds = (performance.now() - started) / 1000;
const after = process.memoryUsage();
collect();
const afterGc = process.memoryUsage();

const report: MemoryReport = {
  notifications: total,
  refused,
  seconds,
  gcExposed: gc !== undefined,
  rssBefore: before.rss,
  heapUsedBefore: before.heapUsed,
  rssAfter: after.rss,
  heapUsedAfter: after.heapUsed,
  rssAfterGc: afterGc.rss,
  heapUsedAfterGc: afterGc.heapUsed,
  maxRss: process.resourceUsage().maxRSS * 1024,
};
process.send!(report);
