import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Scenario } from "../in-process.js";
import { countInstructions } from "./perf-counter.js";

const CHILD = fileURLToPath(new URL("./in-process-child.ts", import.meta.url));

function request(child: ChildProcess, calls: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { done?: number }) => {
      if (message.done === undefined) return;
      child.off("message", onMessage);
      resolve();
    };
    child.on("message", onMessage);
    child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
    child.send({ calls });
  });
}

/**
 * User-space instructions per call of one implementation, counted by perf
 * in a child process of its own (so that no other implementation shares its
 * JIT state), after `warmupCalls`; the lowest of `repeats` counts of
 * `calls` calls. Undefined when perf is not available.
 */
export async function instructionsPerCall(
  scenario: Scenario,
  implementationName: string,
  {
    calls,
    warmupCalls,
    repeats,
  }: { calls: number; warmupCalls: number; repeats: number },
): Promise<number | undefined> {
  const child = fork(CHILD, [scenario.id, implementationName], {
    stdio: "inherit",
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once("message", () => resolve());
      child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
    });
    await request(child, warmupCalls);
    let best: number | undefined;
    for (let r = 0; r < repeats; r++) {
      const { instructions } = await countInstructions(child.pid, () =>
        request(child, calls),
      );
      if (instructions === undefined) return undefined;
      best = Math.min(best ?? Infinity, instructions / calls);
    }
    return best;
  } finally {
    child.kill();
  }
}
