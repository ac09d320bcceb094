// Instructions per call of the limit and of core (the in-process table's
// instruction columns, without the timing and without the peers): about 20 s
// per scenario, for checking a change to core. Build core first.
//   node --import tsx src/experiments/count-instructions.ts [scenario …]
import { createScenarios } from "../in-process.js";
import { createInputs } from "../inputs.js";
import { instructionsPerCall } from "../instructions/in-process.js";
import { instructionCounterAvailable } from "../instructions/perf-counter.js";

if (!instructionCounterAvailable()) {
  throw new Error("perf cannot count instructions here (bench/README.md)");
}
const wanted = process.argv.slice(2);
for (const scenario of createScenarios(createInputs())) {
  if (wanted.length > 0 && !wanted.includes(scenario.id)) continue;
  for (const implementation of scenario.implementations) {
    if (implementation.role === "peer") continue;
    if (implementation.name.includes("portable")) continue;
    const count = await instructionsPerCall(scenario, implementation.name, {
      calls: scenario.id === "v3-paid" ? 2500 : 10_000,
      warmupCalls: 3000,
      repeats: 3,
    });
    console.log(
      `${scenario.id.padEnd(14)} ${implementation.name.padEnd(42)} ${Math.round(count!).toLocaleString("en-US")}`,
    );
  }
}
