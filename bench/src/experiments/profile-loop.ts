// Runs one in-process implementation in a loop, for `node --cpu-prof`:
//   node --cpu-prof --cpu-prof-dir=results/tmp/prof --import tsx \
//     src/experiments/profile-loop.ts v2-paid-md5 core-verify 20000
import { createScenarios } from "../in-process.js";
import { createInputs } from "../inputs.js";
import { pickImplementation } from "./pick-implementation.js";

const [scenarioId = "v3-paid", which = "core-verify", count = "20000"] =
  process.argv.slice(2);
const scenario = createScenarios(createInputs()).find(
  (s) => s.id === scenarioId,
);
if (!scenario) throw new Error(`no scenario ${scenarioId}`);
const implementation = pickImplementation(scenario, which);
const started = performance.now();
for (let i = 0; i < Number(count); i++) {
  await implementation.run(scenario.input);
}
const ms = performance.now() - started;
console.error(
  `${scenarioId} ${implementation.name}: ${count} in ${ms.toFixed(0)} ms, ${((ms * 1000) / Number(count)).toFixed(1)} µs each`,
);
