import type { Implementation, Scenario } from "../in-process.js";

/**
 * An implementation of a scenario by the short name the experiments take:
 * `limit`, `core-verify`, `core-handle`, or the start of a peer's name.
 */
export function pickImplementation(
  scenario: Scenario,
  which: string,
): Implementation {
  const found = scenario.implementations.find((i) =>
    which === "limit"
      ? i.role === "limit"
      : which === "core-verify"
        ? i.role === "core" && i.name.includes("verify")
        : which === "core-handle"
          ? i.role === "core" && i.name.includes("handle")
          : i.name.startsWith(which),
  );
  if (!found) throw new Error(`no implementation ${which} in ${scenario.id}`);
  return found;
}
