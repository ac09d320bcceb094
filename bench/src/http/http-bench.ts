import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import type { V3Notification } from "@wxnotify/testing";
import {
  ADAPTER_PACKAGES,
  FRAMEWORKS,
  VARIANTS,
  loadAdapter,
  type Framework,
  type Variant,
} from "./targets.js";

/** One autocannon run against one framework × variant. */
export interface HttpMeasure {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Replies that were not 2xx, plus connection errors: must be 0. */
  failures: number;
}

/** One framework's row: its adapter against its bare endpoint. */
export interface HttpRow {
  framework: Framework;
  adapterPackage: string;
  /** Why the row could not be measured (adapter missing, server failed). */
  unavailable?: string;
  results: Partial<Record<Variant, HttpMeasure>>;
}

/** Options of {@link runHttp}. */
export interface HttpOptions {
  /** Measured seconds per target. */
  duration: number;
  /** Unmeasured seconds per target first, for the JIT. */
  warmup: number;
  connections: number;
  log: (line: string) => void;
}

const CHILD = fileURLToPath(new URL("./server-child.ts", import.meta.url));

function startServer(
  framework: Framework,
  variant: Variant,
): Promise<{ child: ChildProcess; port: number }> {
  // Inherits process.execArgv, so the child runs under tsx as well.
  const child = fork(CHILD, [framework, variant], { stdio: "inherit" });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error("the server did not start within 30 s"));
    }, 30_000);
    child.once("message", (message: { port?: number; error?: string }) => {
      clearTimeout(timer);
      if (message.port) resolve({ child, port: message.port });
      else {
        child.kill();
        reject(new Error(message.error ?? "the server did not start"));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}`));
    });
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill();
  });
}

async function cannon(
  port: number,
  notification: V3Notification,
  seconds: number,
  connections: number,
): Promise<HttpMeasure> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/notify`,
    method: "POST",
    headers: notification.headers,
    body: Buffer.from(notification.body),
    connections,
    duration: seconds,
  });
  return {
    requestsPerSec: result["2xx"] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors,
  };
}

async function adapterMissing(
  framework: Framework,
): Promise<string | undefined> {
  try {
    await loadAdapter(framework);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * For each framework, serves the adapter, the bare endpoint and the bare
 * endpoint plus the limit in turn, each in its own child process, and
 * loads it with autocannon: the same valid v3 payment notification,
 * `connections` connections, after a warm-up.
 */
export async function runHttp(
  notification: V3Notification,
  options: HttpOptions,
): Promise<HttpRow[]> {
  const rows: HttpRow[] = [];
  for (const framework of FRAMEWORKS) {
    const adapterPackage = ADAPTER_PACKAGES[framework];
    const row: HttpRow = { framework, adapterPackage, results: {} };
    rows.push(row);
    const missing = await adapterMissing(framework);
    if (missing) {
      row.unavailable = missing;
      options.log(`  ${framework.padEnd(8)} not available: ${missing}`);
      continue;
    }
    for (const variant of VARIANTS) {
      let server: { child: ChildProcess; port: number } | undefined;
      try {
        server = await startServer(framework, variant);
        if (options.warmup > 0) {
          await cannon(
            server.port,
            notification,
            options.warmup,
            options.connections,
          );
        }
        const measure = await cannon(
          server.port,
          notification,
          options.duration,
          options.connections,
        );
        row.results[variant] = measure;
        options.log(
          `  ${framework.padEnd(8)} ${variant.padEnd(11)} ${Math.round(measure.requestsPerSec).toLocaleString("en-US").padStart(7)} req/s  p50 ${measure.p50Ms} ms  p99 ${measure.p99Ms} ms${measure.failures ? `  ${measure.failures} FAILURES` : ""}`,
        );
      } catch (error) {
        row.unavailable = `${variant}: ${error instanceof Error ? error.message : String(error)}`;
        options.log(
          `  ${framework.padEnd(8)} ${variant} failed: ${row.unavailable}`,
        );
      } finally {
        if (server) await stopServer(server.child);
      }
    }
  }
  return rows;
}
