import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { countInstructions } from "../instructions/perf-counter.js";
import type { V3Notification } from "@wxnotify/testing";
import {
  ADAPTER_PACKAGES,
  FRAMEWORKS,
  VARIANTS,
  loadAdapter,
  type Framework,
  type Variant,
} from "./targets.js";
import { median } from "../median.js";

/** One autocannon run against one framework × variant. */
export interface HttpMeasure {
  requestsPerSec: number;
  /** The throughput of each round, in round order (one run: one round). */
  requestsPerSecByRound: number[];
  p50Ms: number;
  p99Ms: number;
  /** Replies that were not 2xx, plus connection errors: must be 0. */
  failures: number;
  /**
   * The server process's CPU time per acknowledged request: what the
   * endpoint costs, barely moved by other work on the machine.
   */
  serverCpuUsPerRequest: number;
  /** The server CPU time per request of each round, in round order (one run: one round). */
  serverCpuUsPerRequestByRound: number[];
  /** The server process's user-space instructions per acknowledged request (perf); undefined without perf. */
  serverInstructionsPerRequest?: number;
  /** Measured seconds. */
  seconds: number;
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
  /** Measured seconds per target, split in `rounds`. */
  duration: number;
  /** Interleaved rounds per framework. */
  rounds: number;
  /** Unmeasured seconds per target first, for the JIT. */
  warmup: number;
  connections: number;
  log: (line: string) => void;
}

/** A server child process and its port. */
export interface Server {
  child: ChildProcess;
  port: number;
}

const CHILD = fileURLToPath(new URL("./server-child.ts", import.meta.url));

/** Forks a server script that sends `{ port }` once listening (server-child.ts by default). */
export function startServer(
  framework: string,
  variant: string,
  script = CHILD,
): Promise<Server> {
  // Inherits process.execArgv, so the child runs under tsx as well.
  const child = fork(script, [framework, variant], { stdio: "inherit" });
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

export function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill();
  });
}

function serverCpuMicros(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("the server did not report its CPU time")),
      10_000,
    );
    const onMessage = (message: { cpuMicros?: number }) => {
      if (message.cpuMicros === undefined) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(message.cpuMicros);
    };
    child.on("message", onMessage);
    child.send("cpu");
  });
}

/** One autocannon run, with the server's CPU time around it. */
export async function cannon(
  server: { child: ChildProcess; port: number },
  notification: V3Notification,
  seconds: number,
  connections: number,
): Promise<HttpMeasure> {
  const cpuBefore = await serverCpuMicros(server.child);
  const port = server.port;
  const { result, instructions } = await countInstructions(
    server.child.pid,
    () =>
      autocannon({
        url: `http://127.0.0.1:${port}/notify`,
        method: "POST",
        headers: notification.headers,
        body: Buffer.from(notification.body),
        connections,
        duration: seconds,
      }),
  );
  const cpu = (await serverCpuMicros(server.child)) - cpuBefore;
  return {
    ...(instructions === undefined
      ? {}
      : { serverInstructionsPerRequest: instructions / result["2xx"] }),
    requestsPerSec: result["2xx"] / result.duration,
    requestsPerSecByRound: [result["2xx"] / result.duration],
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors,
    serverCpuUsPerRequest: cpu / result["2xx"],
    serverCpuUsPerRequestByRound: [cpu / result["2xx"]],
    seconds: result.duration,
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
 * endpoint plus the limit, each in its own child process, and loads them
 * with autocannon in interleaved rounds: the same valid v3 payment
 * notification, `connections` connections, after a warm-up.
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
      options.log(`  ${framework.padEnd(8)} adapter not available: ${missing}`);
    }
    const variants = VARIANTS.filter((v) => !(missing && v === "adapter"));
    // All servers of a framework run at once (idle ones cost nothing) and
    // are loaded in turn, round after round, so that a burst of other work
    // on the machine does not land on one of them only.
    const servers = new Map<Variant, Server>();
    try {
      for (const variant of variants) {
        try {
          servers.set(variant, await startServer(framework, variant));
        } catch (error) {
          row.unavailable = `${variant}: ${error instanceof Error ? error.message : String(error)}`;
          options.log(`  ${framework.padEnd(8)} ${row.unavailable}`);
        }
      }
      const rounds = new Map<Variant, HttpMeasure[]>();
      for (const [variant, server] of servers) {
        rounds.set(variant, []);
        if (options.warmup > 0) {
          await cannon(
            server,
            notification,
            options.warmup,
            options.connections,
          );
        }
      }
      const order = [...servers.keys()];
      for (let round = 0; round < options.rounds; round++) {
        for (let k = 0; k < order.length; k++) {
          const variant = order[(k + round) % order.length]!;
          rounds
            .get(variant)!
            .push(
              await cannon(
                servers.get(variant)!,
                notification,
                options.duration / options.rounds,
                options.connections,
              ),
            );
        }
      }
      for (const [variant, measures] of rounds) {
        const requests = measures.reduce(
          (sum, m) => sum + m.requestsPerSec * m.seconds,
          0,
        );
        const seconds = measures.reduce((sum, m) => sum + m.seconds, 0);
        const cpu = measures.reduce(
          (sum, m) =>
            sum + m.serverCpuUsPerRequest * m.requestsPerSec * m.seconds,
          0,
        );
        const instructions = measures.every(
          (m) => m.serverInstructionsPerRequest !== undefined,
        )
          ? measures.reduce(
              (sum, m) =>
                sum +
                m.serverInstructionsPerRequest! * m.requestsPerSec * m.seconds,
              0,
            ) / requests
          : undefined;
        const measure: HttpMeasure = {
          ...(instructions === undefined
            ? {}
            : { serverInstructionsPerRequest: instructions }),
          requestsPerSec: requests / seconds,
          requestsPerSecByRound: measures.map((m) => m.requestsPerSec),
          p50Ms: median(measures.map((m) => m.p50Ms)),
          p99Ms: median(measures.map((m) => m.p99Ms)),
          failures: measures.reduce((sum, m) => sum + m.failures, 0),
          serverCpuUsPerRequest: cpu / requests,
          serverCpuUsPerRequestByRound: measures.map(
            (m) => m.serverCpuUsPerRequest,
          ),
          seconds,
        };
        row.results[variant] = measure;
        options.log(
          `  ${framework.padEnd(8)} ${variant.padEnd(11)} ${Math.round(measure.requestsPerSec).toLocaleString("en-US").padStart(7)} req/s  p50 ${measure.p50Ms} ms  p99 ${measure.p99Ms} ms  ${measure.serverCpuUsPerRequest.toFixed(0)} server CPU µs/req${measure.serverInstructionsPerRequest === undefined ? "" : `  ${Math.round(measure.serverInstructionsPerRequest).toLocaleString("en-US")} instr/req`}${measure.failures ? `  ${measure.failures} FAILURES` : ""}`,
        );
      }
    } finally {
      for (const server of servers.values()) await stopServer(server.child);
    }
  }
  return rows;
}
