// `pnpm bench`: in-process, HTTP and memory benchmarks in one run; prints
// the Markdown and writes results/latest.md (a partial or --quick run
// writes results/tmp/latest.md instead, which is not committed).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { runHttp } from "./http/http-bench.js";
import { createScenarios, runInProcess } from "./in-process.js";
import { createInputs } from "./inputs.js";
import { instructionCounterAvailable } from "./instructions/perf-counter.js";
import { currentLoad, describeMachine } from "./machine.js";
import { measureMemory } from "./memory/memory-report.js";
import { renderMarkdown, type RunResults } from "./report.js";

const args = new Set(process.argv.slice(2));
const quick = args.has("--quick");
const parts = ["in-process", "http", "memory"].filter(
  (part) =>
    args.has(`--${part}`) ||
    !["--in-process", "--http", "--memory"].some((a) => args.has(a)),
);
const log = (line: string) => console.error(line);

const results: RunResults = {
  machine: describeMachine(),
  instructionCounter: instructionCounterAvailable(),
  settings: {
    // 250 ms windows, interleaved: on a shared two-core machine one window
    // of the same code varies by ±10–15% in CPU time, so 24 of them (6 s)
    // per implementation; with 6 (1.5 s) a ratio moved by up to 0.18 between
    // runs of the same build.
    timeMs: quick ? 300 : 6000,
    rounds: quick ? 6 : 24,
    warmupMs: quick ? 100 : 500,
    instructionCalls: quick ? 2000 : 10_000,
    httpSeconds: quick ? 2 : 5,
    httpRounds: quick ? 2 : 5,
    // V8 still optimizes node's http and stream code after 1 s of load
    // (--trace-opt): 3 s keep that out of the measured rounds.
    httpWarmupSeconds: quick ? 1 : 3,
    connections: 10,
    notifications: quick ? 10_000 : 100_000,
    ...(process.env.WXNOTIFY_BENCH_CORE
      ? { coreOverride: process.env.WXNOTIFY_BENCH_CORE }
      : {}),
  },
};
const { settings } = results;
const inputs = createInputs();

if (parts.includes("in-process")) {
  log("In process:");
  results.inProcess = await runInProcess(createScenarios(inputs), {
    time: settings.timeMs,
    warmupTime: settings.warmupMs,
    rounds: settings.rounds,
    instructionCalls: settings.instructionCalls,
    log,
  });
}
if (parts.includes("http")) {
  log("Over HTTP:");
  results.http = await runHttp(inputs.signed.v3Paid, {
    duration: settings.httpSeconds,
    rounds: settings.httpRounds,
    warmup: settings.httpWarmupSeconds,
    connections: settings.connections,
    log,
  });
}
if (parts.includes("memory")) {
  log(
    `Memory (${settings.notifications.toLocaleString("en-US")} notifications):`,
  );
  results.memory = await measureMemory(settings.notifications);
}
results.machine.loadEnd = currentLoad();

const markdown = renderMarkdown(results);
console.log(markdown);
// A run against a patched core (src/experiments) is never the committed page.
const complete =
  !quick && parts.length === 3 && !process.env.WXNOTIFY_BENCH_CORE;
const file = fileURLToPath(
  new URL(
    complete ? "../results/latest.md" : "../results/tmp/latest.md",
    import.meta.url,
  ),
);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, markdown);
log(`Written to ${file}`);
