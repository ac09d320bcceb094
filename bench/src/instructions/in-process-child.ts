// A forked child running one in-process implementation on request, so that
// its instructions can be counted alone (src/instructions/in-process.ts).
import { createScenarios } from "../in-process.js";
import { createInputs } from "../inputs.js";

const [scenarioId, name] = process.argv.slice(2);
const scenario = createScenarios(createInputs()).find(
  (s) => s.id === scenarioId,
);
const implementation = scenario?.implementations.find((i) => i.name === name);
if (!scenario || !implementation) {
  throw new Error(`no implementation ${name} in ${scenarioId}`);
}
const { run } = implementation;
const input = scenario.input;
process.on("message", async (message: { calls: number }) => {
  for (let i = 0; i < message.calls; i++) await run(input);
  process.send!({ done: message.calls });
});
process.on("disconnect", () => process.exit(0));
process.send!({ ready: true });
