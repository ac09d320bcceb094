import type { HttpMeasure, HttpRow } from "./http/http-bench.js";
import type { InProcessRow } from "./in-process.js";
import type { Machine } from "./machine.js";
import type { MemoryReport } from "./memory/memory-report.js";
import {
  medianInterval,
  pairedRatio,
  verdict,
  type PairedRatio,
} from "./paired-ratio.js";

/** Everything one run measured. */
export interface RunResults {
  machine: Machine;
  /** Whether perf could count instructions (Linux with perf installed). */
  instructionCounter: boolean;
  settings: {
    timeMs: number;
    rounds: number;
    warmupMs: number;
    httpSeconds: number;
    httpRounds: number;
    httpWarmupSeconds: number;
    connections: number;
    notifications: number;
    /** Calls per perf count in process (v3: a quarter). */
    instructionCalls: number;
    /** WXNOTIFY_BENCH_CORE: the HTTP servers ran a patched core. */
    coreOverride?: string;
  };
  inProcess?: InProcessRow[];
  http?: HttpRow[];
  memory?: MemoryReport;
}

const TARGET = 0.9;

function int(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "—";
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function mark(ok: boolean): string {
  return ok ? "✅" : "❌";
}

/** A paired ratio as `0.98 [0.95–1.01]` (`0.98× [0.95–1.01]` with the sign): the median and its interval. */
function interval(ratio: PairedRatio | undefined, times = ""): string {
  return ratio
    ? `${fixed(ratio.median, 2)}${times} [${fixed(ratio.low, 2)}–${fixed(ratio.high, 2)}]`
    : "—";
}

/** ✅ or ❌ when the whole interval is on one side of the target, ≈ when it straddles it. */
function intervalMark(ratio: PairedRatio, target: number, strict = false) {
  const where = verdict(ratio, target, strict);
  return where === "met" ? "✅" : where === "missed" ? "❌" : "≈";
}

/** `0.98× [0.95–1.01] ≈`: a paired ratio and its mark against the target; `strict` for "ahead of" (more than 1×). */
function judged(ratio: PairedRatio, target: number, strict = false): string {
  return `${interval(ratio, "×")} ${intervalMark(ratio, target, strict)}`;
}

/** The row that `better` prefers over every other one. */
function pick(
  rows: readonly InProcessRow[],
  better: (a: InProcessRow, b: InProcessRow) => boolean,
): InProcessRow | undefined {
  return rows.reduce<InProcessRow | undefined>(
    (best, row) => (best && !better(row, best) ? best : row),
    undefined,
  );
}

/** Server CPU time per request of `over` over the adapter's, round by round (both ran in the same rounds). */
function serverCpuRatio(over: HttpMeasure, adapter: HttpMeasure): PairedRatio {
  return pairedRatio(
    over.serverCpuUsPerRequestByRound,
    adapter.serverCpuUsPerRequestByRound,
  );
}

function inProcessSection(rows: readonly InProcessRow[]): string[] {
  const lines: string[] = [];
  const scenarios = [...new Set(rows.map((row) => row.scenario))];
  for (const scenario of scenarios) {
    lines.push(`### ${scenario.title}`, "");
    lines.push(
      "| implementation | ops/s | p50 (µs) | p99 (µs) | × limit | CPU µs/op | × limit (CPU) | instructions/op | × limit (instr.) | checks missed |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    );
    for (const row of rows.filter((r) => r.scenario === scenario)) {
      const name =
        row.implementation.role === "core"
          ? `**${row.implementation.name}**`
          : row.implementation.name;
      lines.push(
        `| ${name} | ${int(row.opsPerSec)} | ${fixed(row.p50Us)} | ${fixed(row.p99Us)} | ${fixed(row.ratioToLimit, 2)} | ${fixed(row.cpuUsPerOp)} | ${interval(row.cpuRatioToLimit)} | ${row.instructionsPerOp === undefined ? "—" : int(row.instructionsPerOp)} | ${fixed(row.instructionRatioToLimit ?? Number.NaN, 2)} | ${row.misses.join("; ") || "none"} |`,
      );
    }
    lines.push("");
  }
  return lines;
}

function httpSection(rows: readonly HttpRow[]): string[] {
  const rate = (m?: HttpMeasure) => (m ? int(m.requestsPerSec) : "—");
  const cpu = (m?: HttpMeasure) =>
    m ? fixed(m.serverCpuUsPerRequest, 0) : "—";
  const ratio = (a?: number, b?: number) =>
    a === undefined || b === undefined ? "—" : fixed(a / b, 2);
  const cpuRatio = (over?: HttpMeasure, adapter?: HttpMeasure) =>
    over && adapter ? interval(serverCpuRatio(over, adapter)) : "—";
  const throughput = [
    "| framework | adapter | adapter req/s | bare req/s | bare + limit req/s | adapter / bare | adapter / (bare + limit) | adapter p50 / p99 (ms) |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  const cost = [
    "| framework | adapter CPU µs/req | bare | bare + limit | adapter / bare (CPU) | adapter / (bare + limit) (CPU) |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  const instr = (m?: HttpMeasure) =>
    m?.serverInstructionsPerRequest === undefined
      ? "—"
      : int(m.serverInstructionsPerRequest);
  const counted = [
    "| framework | adapter instructions/req | bare | bare + limit | adapter / bare (instr.) | adapter / (bare + limit) (instr.) |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  const notes: string[] = [];
  for (const row of rows) {
    const { adapter, bare } = row.results;
    const withLimit = row.results["bare+limit"];
    if (!adapter || !bare || !withLimit) {
      notes.push(`- ${row.framework}: ${row.unavailable ?? "not measured"}`);
    }
    const failures =
      (adapter?.failures ?? 0) +
      (bare?.failures ?? 0) +
      (withLimit?.failures ?? 0);
    if (failures > 0) {
      notes.push(
        `- ${row.framework}: ${failures} non-2xx replies or errors; the row is not valid.`,
      );
    }
    throughput.push(
      `| ${row.framework} | ${row.adapterPackage} | ${adapter ? rate(adapter) : "not available"} | ${rate(bare)} | ${rate(withLimit)} | ${ratio(adapter?.requestsPerSec, bare?.requestsPerSec)} | ${ratio(adapter?.requestsPerSec, withLimit?.requestsPerSec)} | ${adapter ? `${adapter.p50Ms} / ${adapter.p99Ms}` : "—"} |`,
    );
    cost.push(
      `| ${row.framework} | ${cpu(adapter)} | ${cpu(bare)} | ${cpu(withLimit)} | ${cpuRatio(bare, adapter)} | ${cpuRatio(withLimit, adapter)} |`,
    );
    counted.push(
      `| ${row.framework} | ${instr(adapter)} | ${instr(bare)} | ${instr(withLimit)} | ${ratio(bare?.serverInstructionsPerRequest, adapter?.serverInstructionsPerRequest)} | ${ratio(withLimit?.serverInstructionsPerRequest, adapter?.serverInstructionsPerRequest)} |`,
    );
  }
  return [
    ...throughput,
    "",
    `Server CPU time per acknowledged request (the “(CPU)” ratios are bare or bare + limit over adapter: higher is better for the adapter; paired round by round, the median and in brackets the interval that holds the true median with ${httpConfidence(rows)} confidence):`,
    "",
    ...cost,
    ...(rows.some((row) => row.results.adapter?.serverInstructionsPerRequest)
      ? [
          "",
          "Server instructions per acknowledged request (perf; the ratios are bare or bare + limit over adapter):",
          "",
          ...counted,
        ]
      : []),
    ...(notes.length > 0 ? ["", ...notes] : []),
  ];
}

function memorySection(memory: MemoryReport): string[] {
  const lines = [
    "| | RSS | heap used |",
    "| --- | ---: | ---: |",
    `| before (after a warm-up round and a forced GC) | ${mib(memory.rssBefore)} | ${mib(memory.heapUsedBefore)} |`,
    `| after ${int(memory.notifications)} notifications | ${mib(memory.rssAfter)} | ${mib(memory.heapUsedAfter)} |`,
    `| after a forced GC | ${mib(memory.rssAfterGc)} | ${mib(memory.heapUsedAfterGc)} |`,
    `| peak RSS of the process | ${mib(memory.maxRss)} | |`,
    "",
    `${int(memory.notifications)} notifications in ${fixed(memory.seconds, 1)} s (${int(memory.notifications / memory.seconds)}/s, one at a time), ${memory.refused} not acknowledged.${memory.gcExposed ? "" : " `--expose-gc` was not available: the “after GC” figures are not after a forced collection."}`,
  ];
  return lines;
}

function targetsSection(results: RunResults): string[] {
  const lines: string[] = [];
  const rows = results.inProcess ?? [];
  const scenarios = [...new Set(rows.map((row) => row.scenario))];
  for (const scenario of scenarios) {
    const group = rows.filter((r) => r.scenario === scenario);
    const core = group.filter((r) => r.implementation.role === "core");
    const peers = group.filter((r) => r.implementation.role === "peer");
    const limit = group.find((r) => r.implementation.role === "limit");
    // Throughput against the peer with the most calls per second, CPU time
    // against the one that used the least; each round by round.
    const fastestPeer = pick(peers, (a, b) => a.opsPerSec > b.opsPerSec);
    const leanestPeer = pick(peers, (a, b) => a.cpuUsPerOp < b.cpuUsPerOp);
    for (const row of core) {
      const counts = peers.map((p) => p.instructionsPerOp);
      const instructions =
        row.instructionRatioToLimit === undefined ||
        row.instructionsPerOp === undefined ||
        counts.some((c) => c === undefined)
          ? undefined
          : {
              limit: row.instructionRatioToLimit,
              peers: Math.min(...(counts as number[])) / row.instructionsPerOp,
            };
      const cpuLimit = row.cpuRatioToLimit
        ? `CPU: ${judged(row.cpuRatioToLimit, TARGET)}`
        : "CPU: —";
      const peerCpu = leanestPeer
        ? `CPU against ${leanestPeer.implementation.name}: ${judged(pairedRatio(leanestPeer.cpuUsPerOpByRound, row.cpuUsPerOpByRound), 1, true)}`
        : "CPU: —";
      const throughput = (
        other: InProcessRow | undefined,
        target: number,
        strict: boolean,
      ) =>
        other
          ? judged(
              pairedRatio(row.opsPerSecByRound, other.opsPerSecByRound),
              target,
              strict,
            )
          : "—";
      lines.push(
        `- ${scenario.id}, ${row.implementation.name}: ${throughput(limit, TARGET, false)} the limit (${cpuLimit}${instructions ? `; instructions: ${fixed(instructions.limit, 2)}× ${mark(instructions.limit >= TARGET)}` : ""}); ${throughput(fastestPeer, 1, true)} the fastest peer (${peerCpu}${instructions ? `; instructions: ${fixed(instructions.peers, 2)}× ${mark(instructions.peers > 1)}` : ""})`,
      );
    }
  }
  for (const row of results.http ?? []) {
    const { adapter, bare } = row.results;
    const withLimit = row.results["bare+limit"];
    if (!adapter || !bare) {
      lines.push(`- ${row.adapterPackage}: not measured (${row.unavailable})`);
      continue;
    }
    // Requests per second of the adapter over another server's, round by round.
    const served = (over: HttpMeasure) =>
      judged(
        pairedRatio(adapter.requestsPerSecByRound, over.requestsPerSecByRound),
        TARGET,
      );
    const counted = (over?: HttpMeasure) =>
      over?.serverInstructionsPerRequest === undefined ||
      adapter.serverInstructionsPerRequest === undefined
        ? undefined
        : over.serverInstructionsPerRequest /
          adapter.serverInstructionsPerRequest;
    const bareCounted = counted(bare);
    const limitCounted = counted(withLimit);
    const cpuText = (over: HttpMeasure, withMark: boolean) => {
      const paired = serverCpuRatio(over, adapter);
      return withMark ? judged(paired, TARGET) : interval(paired, "×");
    };
    const overhead = withLimit
      ? `; ${served(withLimit)} bare + limit (CPU: ${cpuText(withLimit, true)}${limitCounted === undefined ? "" : `; instructions: ${fixed(limitCounted, 2)}× ${mark(limitCounted >= TARGET)}`})`
      : "";
    lines.push(
      `- ${row.adapterPackage}: ${served(bare)} bare ${row.framework} (CPU: ${cpuText(bare, false)}${bareCounted === undefined ? "" : `; instructions: ${fixed(bareCounted, 2)}×`})${overhead}`,
    );
  }
  return lines;
}

/** The confidence of the HTTP intervals (few rounds: the whole range), as a percentage. */
function httpConfidence(rows: readonly HttpRow[]): string {
  const rounds = rows.find((row) => row.results.adapter)?.results.adapter
    ?.serverCpuUsPerRequestByRound;
  return rounds
    ? `${(100 * medianInterval(rounds.length).confidence).toFixed(1)}%`
    : "—";
}

/** The confidence of the in-process intervals, as a percentage. */
function confidence(rows: readonly InProcessRow[]): string {
  const ratio = rows.find((row) => row.cpuRatioToLimit)?.cpuRatioToLimit;
  return ratio ? `${(100 * ratio.confidence).toFixed(1)}%` : "—";
}

/** The Markdown page: tables, targets, and what the numbers were measured on. */
export function renderMarkdown(results: RunResults): string {
  const { machine, settings } = results;
  const lines = [
    "# wxnotify benchmarks: results",
    "",
    `Measured ${machine.date} with \`pnpm bench\` on Node ${machine.node}, ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB). Load average (1 min) ${fixed(machine.loadStart, 2)} at the start${machine.loadEnd === undefined ? "" : ` and ${fixed(machine.loadEnd, 2)} at the end`}${(machine.loadEnd ?? machine.loadStart) > machine.cores / 2 ? ": other work shared the machine, so absolute numbers are low and noisy; compare rows of the same run" : ""}. How to read this page: [bench/README.md](../README.md).`,
    "",
  ];
  if (results.inProcess) {
    lines.push(
      "## In process, per notification",
      "",
      `tinybench, ${settings.warmupMs} ms warm-up then ${settings.timeMs} ms per implementation in ${settings.rounds} interleaved rounds (each in another order), one notification per call, every implementation awaited alike (tinybench's asynchronous path, whether it returns a promise or not); p50/p99 are medians over the rounds. “× limit” is throughput over the hand-written node:crypto pipeline's; “CPU µs/op” is this process's CPU time per call while measured, and “× limit (CPU)” the limit's CPU time per call over this one's, taken round by round (both ran in the same stretch of the machine's drifting speed): the median over the rounds, and in brackets the interval that holds the true median with ${confidence(results.inProcess)} confidence (order statistics of the per-round ratios). It is the figure to trust when the machine is shared. “checks missed” lists forged notifications an implementation accepted, or genuine ones it refused. ${results.instructionCounter ? `“instructions/op” is counted by Linux perf (user space, all threads) in a child process running that implementation alone, after 3,000 warm-up calls: the lowest of 3 counts of ${int(settings.instructionCalls)} calls (v3: ${int(Math.ceil(settings.instructionCalls / 4))}); it barely moves with other work on the machine, but does not see cache misses or stalls.` : "perf was not available: no instruction counts (see bench/README.md)."}`,
      "",
      ...inProcessSection(results.inProcess),
    );
  }
  if (results.http) {
    lines.push(
      "## Over HTTP, per adapter",
      "",
      `autocannon on 127.0.0.1, ${settings.connections} connections, ${settings.httpWarmupSeconds} s warm-up then ${settings.httpSeconds} s per server in ${settings.httpRounds} interleaved rounds (p50/p99: medians over the rounds), the same valid v3 payment notification; the server runs in its own process. “bare” reads the body and answers 204; “bare + limit” also runs the hand-written v3 pipeline, so “adapter / (bare + limit)” is what the adapter and core cost beyond the unavoidable crypto. “server CPU µs/req” is the server process's CPU time per acknowledged request; the “(CPU)” ratios compare those (higher is better for the adapter), and are the ones to trust when the machine is shared.`,
      "",
      ...(settings.coreOverride
        ? [
            `**The servers ran a patched core (WXNOTIFY_BENCH_CORE=${settings.coreOverride}), not @wxnotify/core.**`,
            "",
          ]
        : []),
      ...httpSection(results.http),
      "",
    );
  }
  if (results.memory) {
    lines.push(
      `## Memory: ${int(results.memory.notifications)} v3 payment notifications through handlePaid`,
      "",
      ...memorySection(results.memory),
      "",
    );
  }
  lines.push(
    "## Targets",
    "",
    "Throughput and CPU ratios are medians of per-round ratios with their interval, each against the limit, a peer (throughput: the peer with the most calls per second; CPU: the peer that used the least CPU) or the bare endpoint in the same rounds: ✅ when the whole interval reaches the target (more than 1× for “ahead of a peer”), ❌ when the whole interval falls short, ≈ when it straddles the target: within the noise of this run, neither met nor missed. Instruction ratios are single counts, which barely move between runs.",
    "",
    ...targetsSection(results),
    "",
  );
  return lines.join("\n");
}
