import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Memory of a process that handled `notifications` v3 payments, in bytes. */
export interface MemoryReport {
  notifications: number;
  /** Notifications that were not acknowledged: must be 0. */
  refused: number;
  seconds: number;
  /** Whether heap figures "after GC" are after a forced collection. */
  gcExposed: boolean;
  rssBefore: number;
  heapUsedBefore: number;
  rssAfter: number;
  heapUsedAfter: number;
  rssAfterGc: number;
  heapUsedAfterGc: number;
  /** Peak resident set size of the child over its whole life. */
  maxRss: number;
}

const CHILD = fileURLToPath(new URL("./rss-child.ts", import.meta.url));

/**
 * Runs `notifications` v3 payment notifications through handlePaid in a
 * fresh child process started with --expose-gc, and returns its memory.
 */
export function measureMemory(notifications: number): Promise<MemoryReport> {
  const child = fork(CHILD, [String(notifications)], {
    execArgv: [...process.execArgv, "--expose-gc"],
    stdio: "inherit",
  });
  return new Promise((resolve, reject) => {
    let report: MemoryReport | undefined;
    child.once("message", (message: MemoryReport) => {
      report = message;
      child.disconnect();
    });
    child.once("exit", (code) => {
      if (report) resolve(report);
      else reject(new Error(`the memory child exited with ${code}`));
    });
  });
}
