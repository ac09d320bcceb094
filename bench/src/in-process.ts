import { createNotifier, type NotifyReply } from "@wxnotify/core";
import { portableCryptoProvider } from "@wxnotify/core/portable";
import { tamper } from "@wxnotify/testing";
import { Bench } from "tinybench";
import {
  FIXED_NOW_MS,
  nodeStyle,
  type BenchInputs,
  type BenchRequest,
} from "./inputs.js";
import { createLimitV2Paid, createLimitV2Refund } from "./limit/limit-v2.js";
import { instructionsPerCall } from "./instructions/in-process.js";
import { instructionCounterAvailable } from "./instructions/perf-counter.js";
import { createLimitV3 } from "./limit/limit-v3.js";
import { createTenpay } from "./peers/tenpay.js";
import {
  createAxiosPluginV2Paid,
  createAxiosPluginV2Refund,
  createAxiosPluginV3,
} from "./peers/wechatpay-axios-plugin.js";
import { createNodeV3 } from "./peers/wechatpay-node-v3.js";
import { median } from "./median.js";
import { pairedRatio, type PairedRatio } from "./paired-ratio.js";

/** Who an implementation is: the hand-written limit, this library, or another library. */
export type Role = "limit" | "core" | "peer";

/**
 * One way to verify a notification: `run` throws (or rejects) when it
 * refuses it, unless `accepted` tells a refusal from what it returns.
 */
export interface Implementation {
  name: string;
  role: Role;
  run: (request: BenchRequest) => unknown;
  /**
   * For an implementation that answers with a reply instead of throwing
   * (core's `handle…()`): whether that reply accepts the notification.
   * Read by the checks, outside the timed calls, so that the timed call is
   * exactly what an adapter makes.
   */
  accepted?: (result: unknown) => boolean;
}

/** A notification an implementation must accept or refuse, to show what it checks. */
export interface Check {
  label: string;
  request: BenchRequest;
  expect: "accept" | "refuse";
}

/** One row group of the in-process table. */
export interface Scenario {
  id: string;
  title: string;
  input: BenchRequest;
  implementations: Implementation[];
  checks: Check[];
}

/** One measured implementation. */
export interface InProcessRow {
  scenario: Scenario;
  implementation: Implementation;
  opsPerSec: number;
  /** Calls per second of wall-clock time in each round, in round order. */
  opsPerSecByRound: number[];
  /** Median over rounds of each round's median latency. */
  p50Us: number;
  /** Median over rounds of each round's 99th percentile latency. */
  p99Us: number;
  samples: number;
  /**
   * This process's CPU time per call while measured (user + system, all
   * threads): unlike ops/s, barely moved by other work on the machine.
   */
  cpuUsPerOp: number;
  /** CPU time per call in each round, in round order. */
  cpuUsPerOpByRound: number[];
  /** Throughput divided by the limit's, in the same scenario. */
  ratioToLimit: number;
  /**
   * The limit's CPU time per call divided by this one's, round by round:
   * the median and its interval (undefined without a limit).
   */
  cpuRatioToLimit?: PairedRatio;
  /** Checks it got wrong: a forgery accepted, or a genuine notification refused. */
  misses: string[];
  /** User-space instructions per call, counted by perf in a process of its own; undefined without perf. */
  instructionsPerOp?: number;
  /** The limit's instructions per call divided by this one's. */
  instructionRatioToLimit?: number;
}

/** Options of {@link runInProcess}. */
export interface InProcessOptions {
  /** Measured time per implementation, ms. */
  time: number;
  /** Warm-up time per implementation, ms. */
  warmupTime: number;
  /** The measured time is split in this many interleaved rounds. */
  rounds: number;
  /** Calls counted per repeat by perf (v3 takes a quarter of them); 0 skips counting. */
  instructionCalls: number;
  log: (line: string) => void;
}

// A fixed wrong key, so that what an implementation makes of the garbage it
// decrypts (refuse, or accept) is the same on every run.
const WRONG_KEY = "NotTheMerchantKey0123456789abcde";

/** Whether core's reply acknowledges the notification (v2 and v3). */
function acknowledges(result: unknown): boolean {
  const { status } = result as NotifyReply;
  return status === 200 || status === 204;
}

// One handler for every call, as an application defines it once.
const acknowledge = () => true as const;

/** The four in-process scenarios, each with the limit, core (two ways) and the peers. */
export function createScenarios(inputs: BenchInputs): Scenario[] {
  const { merchant, signed } = inputs;
  const now = () => FIXED_NOW_MS;
  const notifier = createNotifier(inputs.config);
  // The same core on the portable provider (WebCrypto + node-forge, what
  // edge runtimes get), to compare it with node:crypto in every scenario.
  const portable = createNotifier({
    ...inputs.config,
    crypto: portableCryptoProvider,
  });
  const portableVerify = (expect: "paid" | "refunded"): Implementation => ({
    name: "@wxnotify/core verify(), portable provider",
    role: "core",
    run: (request) => portable.verify(request, { expect }),
  });
  const verifyKeys = {
    [merchant.certificateSerial]: merchant.certificatePem,
    [merchant.publicKeyId]: merchant.publicKeyPem,
  };
  const corePaid: Implementation[] = [
    {
      name: "@wxnotify/core verify()",
      role: "core",
      run: (request) => notifier.verify(request, { expect: "paid" }),
    },
    {
      name: "@wxnotify/core handlePaid() + reply",
      role: "core",
      // Timed as an adapter calls it: no async wrapper of the benchmark's
      // own around it (one cost 2-4% of a v3 notification, charged to core
      // alone); the checks read the reply through `accepted`.
      run: (request) => notifier.handlePaid(request, acknowledge),
      accepted: acknowledges,
    },
    portableVerify("paid"),
  ];
  const v2Checks = (n: typeof signed.v2PaidMd5): Check[] => [
    { label: "genuine", request: nodeStyle(n), expect: "accept" },
    {
      label: "a signed value altered",
      request: nodeStyle(tamper.flipByte(n)),
      expect: "refuse",
    },
    {
      label: "signed with another APIv2 key",
      request: nodeStyle(tamper.wrongApiV2Key(n, { apiV2Key: WRONG_KEY })),
      expect: "refuse",
    },
  ];
  const v3 = signed.v3Paid;
  return [
    {
      id: "v3-paid",
      title: "v3 payment: verify + decrypt + parse (RSA-2048, AES-256-GCM)",
      input: inputs.v3Paid,
      implementations: [
        {
          name: "limit (node:crypto, hand-written)",
          role: "limit",
          run: createLimitV3({ verifyKeys, apiV3Key: merchant.apiV3Key }, now),
        },
        ...corePaid,
        {
          name: "wechatpay-node-v3 2.2.1",
          role: "peer",
          run: createNodeV3(merchant),
        },
        {
          name: "wechatpay-axios-plugin 0.9.6",
          role: "peer",
          run: createAxiosPluginV3(verifyKeys, merchant.apiV3Key, now),
        },
      ],
      checks: [
        { label: "genuine", request: inputs.v3Paid, expect: "accept" },
        {
          label: "body altered",
          request: nodeStyle(tamper.flipByte(v3)),
          expect: "refuse",
        },
        {
          label: "timestamp 600 s old",
          request: nodeStyle(tamper.staleTimestamp(v3)),
          expect: "refuse",
        },
        {
          label: "timestamp 600 s ahead",
          request: nodeStyle(tamper.futureTimestamp(v3)),
          expect: "refuse",
        },
        {
          label: "signature probe",
          request: nodeStyle(tamper.signatureProbe(v3)),
          expect: "refuse",
        },
        {
          label: "unknown serial",
          request: nodeStyle(tamper.unknownSerial(v3)),
          expect: "refuse",
        },
        {
          label: "resource under another AAD",
          request: nodeStyle(tamper.wrongAad(v3)),
          expect: "refuse",
        },
        {
          label: "resource under another APIv3 key",
          request: nodeStyle(tamper.wrongApiV3Key(v3, { apiV3Key: WRONG_KEY })),
          expect: "refuse",
        },
      ],
    },
    {
      id: "v2-paid-md5",
      title: "v2 payment: parse + MD5 verify",
      input: inputs.v2PaidMd5,
      implementations: [
        {
          name: "limit (node:crypto, hand-written)",
          role: "limit",
          run: createLimitV2Paid(merchant.apiV2Key),
        },
        ...corePaid,
        {
          name: "tenpay 2.1.18",
          role: "peer",
          run: createTenpay(merchant, "pay"),
        },
        {
          name: "wechatpay-axios-plugin 0.9.6",
          role: "peer",
          run: createAxiosPluginV2Paid(merchant.apiV2Key),
        },
      ],
      checks: v2Checks(signed.v2PaidMd5),
    },
    {
      id: "v2-paid-hmac",
      title: "v2 payment: parse + HMAC-SHA256 verify",
      input: inputs.v2PaidHmac,
      implementations: [
        {
          name: "limit (node:crypto, hand-written)",
          role: "limit",
          run: createLimitV2Paid(merchant.apiV2Key),
        },
        ...corePaid,
        {
          name: "tenpay 2.1.18",
          role: "peer",
          run: createTenpay(merchant, "pay"),
        },
        {
          name: "wechatpay-axios-plugin 0.9.6",
          role: "peer",
          run: createAxiosPluginV2Paid(merchant.apiV2Key),
        },
      ],
      checks: [
        ...v2Checks(signed.v2PaidHmac),
        {
          label: "HMAC sign without sign_type (spec §1.5)",
          request: nodeStyle(
            merchant.v2.paid(
              {},
              {
                now: FIXED_NOW_MS,
                signType: "HMAC-SHA256",
                includeSignType: false,
              },
            ),
          ),
          expect: "accept",
        },
      ],
    },
    {
      id: "v2-refund",
      title: "v2 refund: req_info decrypt (AES-256-ECB) + parse",
      input: inputs.v2Refund,
      implementations: [
        {
          name: "limit (node:crypto, hand-written)",
          role: "limit",
          run: createLimitV2Refund(merchant.apiV2Key),
        },
        {
          name: "@wxnotify/core verify()",
          role: "core",
          run: (request) => notifier.verify(request, { expect: "refunded" }),
        },
        {
          name: "@wxnotify/core handleRefunded() + reply",
          role: "core",
          run: (request) => notifier.handleRefunded(request, acknowledge),
          accepted: acknowledges,
        },
        portableVerify("refunded"),
        {
          name: "tenpay 2.1.18",
          role: "peer",
          run: createTenpay(merchant, "refund"),
        },
        {
          name: "wechatpay-axios-plugin 0.9.6",
          role: "peer",
          run: createAxiosPluginV2Refund(merchant.apiV2Key),
        },
      ],
      checks: [
        { label: "genuine", request: inputs.v2Refund, expect: "accept" },
        {
          label: "req_info under another APIv2 key",
          request: nodeStyle(
            tamper.wrongApiV2Key(signed.v2Refund, { apiV2Key: WRONG_KEY }),
          ),
          expect: "refuse",
        },
      ],
    },
  ];
}

async function accepts(
  implementation: Implementation,
  request: BenchRequest,
): Promise<boolean> {
  try {
    const result = await implementation.run(request);
    return implementation.accepted?.(result) ?? true;
  } catch {
    return false;
  }
}

/**
 * The scenario's checks an implementation gets wrong, as the table lists
 * them: "accepts …" for a forgery let through, "refuses …" for a genuine
 * notification turned away.
 */
export async function missedChecks(
  scenario: Scenario,
  implementation: Implementation,
): Promise<string[]> {
  const wrong: string[] = [];
  for (const check of scenario.checks) {
    const accepted = await accepts(implementation, check.request);
    if (accepted !== (check.expect === "accept")) {
      wrong.push(`${accepted ? "accepts" : "refuses"} ${check.label}`);
    }
  }
  return wrong;
}

/**
 * Runs each scenario's checks, then measures every implementation with
 * tinybench (warm-up first), one notification per iteration, in
 * interleaved rounds.
 */
export async function runInProcess(
  scenarios: readonly Scenario[],
  options: InProcessOptions,
): Promise<InProcessRow[]> {
  const rows: InProcessRow[] = [];
  for (const scenario of scenarios) {
    const misses = new Map<Implementation, string[]>();
    for (const implementation of scenario.implementations) {
      const wrong = await missedChecks(scenario, implementation);
      if (!(await accepts(implementation, scenario.input))) {
        throw new Error(
          `${implementation.name} refuses the genuine ${scenario.id} notification; fix the benchmark before measuring.`,
        );
      }
      misses.set(implementation, wrong);
    }

    // Rounds interleave the implementations and rotate their order (A B C,
    // B C A, C A B, …), so that a burst of other work on the machine does
    // not land on one of them only, and none always runs right after the
    // same other one (which moved a ratio by up to 10% between two
    // implementations doing the same work).
    const totals = scenario.implementations.map(() => ({
      samples: 0,
      timeMs: 0,
      cpuMicros: 0,
      cpuUsPerOpByRound: [] as number[],
      opsPerSecByRound: [] as number[],
      p50: [] as number[],
      p99: [] as number[],
    }));
    for (let round = 0; round < options.rounds; round++) {
      const bench = new Bench({
        name: scenario.id,
        time: options.time / options.rounds,
        warmup: round === 0,
        warmupTime: options.warmupTime,
        throws: true,
      });
      const count = scenario.implementations.length;
      const order = scenario.implementations.map((_, k) => (k + round) % count);
      for (const index of order) {
        const { run } = scenario.implementations[index]!;
        const input = scenario.input;
        // Every implementation through tinybench's asynchronous path: left
        // to detect it, tinybench times a synchronous function directly but
        // wraps a promise-returning one in an extra async call and await,
        // ≈ 1.2 µs per call of harness charged to core alone (the limit
        // against the same limit in an async function: +1.8 µs under
        // auto-detection, +0.6 µs in a plain await loop).
        bench.add(scenario.implementations[index]!.name, () => run(input), {
          async: true,
        });
      }
      const roundCpuMicros = new Array<number>(count).fill(0);
      bench.tasks.forEach((task, position) => {
        const index = order[position]!;
        let started = process.cpuUsage();
        task.addEventListener("start", () => {
          started = process.cpuUsage();
        });
        task.addEventListener("complete", () => {
          const { user, system } = process.cpuUsage(started);
          roundCpuMicros[index] = user + system;
        });
      });
      await bench.run();
      bench.tasks.forEach((task, position) => {
        const index = order[position]!;
        const result = task.result;
        if (
          result.state !== "completed" &&
          result.state !== "aborted-with-statistics"
        ) {
          throw new Error(`${scenario.id} ${task.name}: ${result.state}`);
        }
        const total = totals[index]!;
        total.samples += result.latency.samplesCount;
        total.cpuMicros += roundCpuMicros[index]!;
        total.cpuUsPerOpByRound.push(
          roundCpuMicros[index]! / result.latency.samplesCount,
        );
        total.timeMs += result.totalTime;
        total.opsPerSecByRound.push(
          (1000 * result.latency.samplesCount) / result.totalTime,
        );
        total.p50.push(result.latency.p50 * 1000);
        total.p99.push(result.latency.p99 * 1000);
      });
    }
    const measured = totals.map((total, index) => ({
      implementation: scenario.implementations[index]!,
      opsPerSec: (1000 * total.samples) / total.timeMs,
      opsPerSecByRound: total.opsPerSecByRound,
      p50Us: median(total.p50),
      p99Us: median(total.p99),
      samples: total.samples,
      cpuUsPerOp: total.cpuMicros / total.samples,
      cpuUsPerOpByRound: total.cpuUsPerOpByRound,
    }));
    const instructions = new Map<Implementation, number | undefined>();
    if (options.instructionCalls > 0 && instructionCounterAvailable()) {
      const calls =
        scenario.id === "v3-paid"
          ? Math.ceil(options.instructionCalls / 4)
          : options.instructionCalls;
      for (const implementation of scenario.implementations) {
        instructions.set(
          implementation,
          await instructionsPerCall(scenario, implementation.name, {
            calls,
            warmupCalls: 3000,
            repeats: 3,
          }),
        );
      }
    }
    const limit = measured.find((m) => m.implementation.role === "limit");
    const limitInstructions = limit && instructions.get(limit.implementation);
    for (const m of measured) {
      const row: InProcessRow = {
        scenario,
        ...m,
        ratioToLimit: limit ? m.opsPerSec / limit.opsPerSec : Number.NaN,
        ...(limit
          ? {
              cpuRatioToLimit: pairedRatio(
                limit.cpuUsPerOpByRound,
                m.cpuUsPerOpByRound,
              ),
            }
          : {}),
        misses: misses.get(m.implementation) ?? [],
      };
      const count = instructions.get(m.implementation);
      if (count !== undefined) {
        row.instructionsPerOp = count;
        if (limitInstructions) {
          row.instructionRatioToLimit = limitInstructions / count;
        }
      }
      rows.push(row);
      options.log(
        `  ${scenario.id.padEnd(13)} ${m.implementation.name.padEnd(40)} ${Math.round(m.opsPerSec).toLocaleString("en-US").padStart(9)} ops/s  ×${row.ratioToLimit.toFixed(2)}  ${m.cpuUsPerOp.toFixed(1).padStart(7)} CPU µs/op  ×${(row.cpuRatioToLimit?.median ?? Number.NaN).toFixed(2)}${row.instructionsPerOp === undefined ? "" : `  ${Math.round(row.instructionsPerOp).toLocaleString("en-US").padStart(9)} instr/op  ×${(row.instructionRatioToLimit ?? Number.NaN).toFixed(2)}`}`,
      );
    }
  }
  return rows;
}
