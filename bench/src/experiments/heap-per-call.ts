// JS heap allocated per call by core's verify() and by the limit (young
// generation made large enough that no GC runs while counting):
//   node --expose-gc --max-semi-space-size=256 --import tsx \
//     src/experiments/heap-per-call.ts [limit|core] [scenario]
import { createNotifier } from "@wxnotify/core";
import { createScenarios } from "../in-process.js";
import { createInputs } from "../inputs.js";

const [which = "core", scenarioId = "v3-paid"] = process.argv.slice(2);
const inputs = createInputs();
const scenario = createScenarios(inputs).find((s) => s.id === scenarioId);
if (!scenario) throw new Error(`no scenario ${scenarioId}`);
const limit = scenario.implementations.find((i) => i.role === "limit")!;
const notifier = createNotifier(inputs.config);
const expect = scenarioId === "v2-refund" ? "refunded" : "paid";
const run =
  which === "limit"
    ? () => limit.run(scenario.input)
    : () => notifier.verify(scenario.input, { expect });
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
for (let i = 0; i < 2000; i++) await run();
gc();
const before = process.memoryUsage().heapUsed;
const calls = 2000;
for (let i = 0; i < calls; i++) await run();
const after = process.memoryUsage().heapUsed;
console.log(
  `${which} ${scenarioId}: ${((after - before) / calls / 1024).toFixed(2)} KiB of JS heap per call${after < before ? " (a GC ran: raise --max-semi-space-size)" : ""}`,
);
