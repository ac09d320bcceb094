// Two in-process implementations of one scenario, head to head for as long
// as it takes to tell them apart: `rounds` interleaved rounds of `ms` of CPU
// time each (src/experiments/ab.ts), and the per-round throughput ratio's
// median with its interval. The full benchmark's 24 rounds give intervals
// of about ±5-10% on this machine; 600 rounds narrow that to about ±1%.
//   node --import tsx src/experiments/head-to-head.ts [scenario] [a] [b] [rounds] [ms]
// a and b name implementations as pick-implementation.ts reads them: limit,
// core-verify, core-handle, or the start of a peer's name.
import { createScenarios } from "../in-process.js";
import { createInputs } from "../inputs.js";
import { describePaired, runAb } from "./ab.js";
import { pickImplementation } from "./pick-implementation.js";

const [
  scenarioId = "v3-paid",
  first = "wechatpay-axios",
  second = "core-verify",
  rounds = "600",
  ms = "250",
] = process.argv.slice(2);
const scenario = createScenarios(createInputs()).find(
  (s) => s.id === scenarioId,
);
if (!scenario) throw new Error(`no scenario ${scenarioId}`);

const a = pickImplementation(scenario, first);
const b = pickImplementation(scenario, second);
const input = scenario.input;
const [resultA, resultB] = await runAb(
  [
    { name: a.name, run: () => a.run(input) },
    { name: b.name, run: () => b.run(input) },
  ],
  { rounds: Number(rounds), msPerRound: Number(ms), warmupMs: 2000 },
);
console.log(
  `${scenarioId}: ${resultB!.name} at ${describePaired(resultB!.paired)} the throughput per CPU second of ${resultA!.name}; ${Math.round(resultA!.opsPerSec).toLocaleString("en-US")} vs ${Math.round(resultB!.opsPerSec).toLocaleString("en-US")} ops per CPU second`,
);
