// Two in-process implementations of one scenario, head to head for as long
// as it takes to tell them apart: `rounds` interleaved rounds of `ms` of CPU
// time each (src/experiments/ab.ts), and the per-round throughput ratio's
// median with its interval. The full benchmark's 24 rounds give intervals
// of about ±5-10% on this machine; 600 rounds narrow that to about ±1%.
//   node --import tsx src/experiments/head-to-head.ts [scenario] [a] [b] [rounds] [ms]
// a and b name implementations as profile-loop.ts does: limit, core-verify,
// core-handle, or the start of a peer's name.
import { createScenarios, type Implementation } from "../in-process.js";
import { createInputs } from "../inputs.js";
import { runAb } from "./ab.js";

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

function find(which: string): Implementation {
  const found = scenario!.implementations.find((i) =>
    which === "limit"
      ? i.role === "limit"
      : which === "core-verify"
        ? i.role === "core" && i.name.includes("verify()")
        : which === "core-handle"
          ? i.role === "core" && i.name.includes("handle")
          : i.name.startsWith(which),
  );
  if (!found) throw new Error(`no implementation ${which} in ${scenarioId}`);
  return found;
}

const a = find(first);
const b = find(second);
const input = scenario.input;
const [resultA, resultB] = await runAb(
  [
    { name: a.name, run: () => a.run(input) },
    { name: b.name, run: () => b.run(input) },
  ],
  { rounds: Number(rounds), msPerRound: Number(ms), warmupMs: 2000 },
);
const { paired } = resultB!;
console.log(
  `${scenarioId}: ${resultB!.name} at ${paired.median.toFixed(3)}× the throughput per CPU second of ${resultA!.name} [${paired.low.toFixed(3)}–${paired.high.toFixed(3)}, ${(100 * paired.confidence).toFixed(1)}% interval of the median, ${paired.rounds} rounds]; ${Math.round(resultA!.opsPerSec).toLocaleString("en-US")} vs ${Math.round(resultB!.opsPerSec).toLocaleString("en-US")} ops per CPU second`,
);
