import { describe, expect, it } from "vitest";
import { createScenarios, missedChecks } from "../src/in-process.js";
import { createInputs } from "../src/inputs.js";

// The table's "checks missed" column, and the refusal of a benchmark whose
// implementation turns the genuine notification away, rest on these checks.
const scenarios = createScenarios(createInputs());

describe("the checks run before measuring", () => {
  for (const scenario of scenarios) {
    for (const implementation of scenario.implementations) {
      if (implementation.role === "peer") continue;
      it(`${scenario.id}: ${implementation.name} misses none`, async () => {
        expect(await missedChecks(scenario, implementation)).toEqual([]);
      });
    }
  }

  it("see a refusal in core's reply, which does not throw", async () => {
    const scenario = scenarios.find((s) => s.id === "v3-paid")!;
    const handle = scenario.implementations.find((i) =>
      i.name.includes("handlePaid"),
    )!;
    const forged = scenario.checks.find((c) => c.expect === "refuse")!;
    const reply = await handle.run(forged.request);
    expect(reply).toMatchObject({ status: 401 });
    expect(handle.accepted?.(reply)).toBe(false);
  });
});
