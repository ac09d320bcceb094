import { spawn, spawnSync } from "node:child_process";

// Instructions retired, counted by Linux perf (`perf stat -e instructions:u`)
// on a running process: unlike time, the count barely moves when other work
// shares the machine (the noise that made identical builds differ by 5–8%
// in CPU time on a shared two-core machine), so small changes can be told
// apart. It ignores how fast the instructions run (cache misses, stalls):
// read it next to the CPU-time columns, not instead of them.

let available: boolean | undefined;

/** Whether `perf stat` can count user-space instructions here (Linux, perf installed, counters allowed). */
export function instructionCounterAvailable(): boolean {
  if (available === undefined) {
    const probe = spawnSync(
      "perf",
      ["stat", "-x,", "-e", "instructions:u", "--", "true"],
      { encoding: "utf8" },
    );
    available =
      probe.status === 0 && parseInstructions(probe.stderr) !== undefined;
  }
  return available;
}

function parseInstructions(output: string): number | undefined {
  for (const line of output.split("\n")) {
    const [value, , event] = line.split(",");
    if (event?.startsWith("instructions") && /^\d+$/.test(value ?? "")) {
      return Number(value);
    }
  }
  return undefined;
}

/**
 * Counts the user-space instructions of every thread of process `pid` while
 * `during` runs. Undefined when perf is not available.
 */
export async function countInstructions<T>(
  pid: number | undefined,
  during: () => Promise<T>,
): Promise<{ result: T; instructions: number | undefined }> {
  if (pid === undefined || !instructionCounterAvailable()) {
    return { result: await during(), instructions: undefined };
  }
  const perf = spawn(
    "perf",
    ["stat", "-x,", "-e", "instructions:u", "-p", String(pid)],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let output = "";
  perf.stderr.setEncoding("utf8");
  perf.stderr.on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) =>
    perf.once("exit", () => resolve()),
  );
  // perf attaches asynchronously; what the idle process runs meanwhile is
  // a few thousand instructions, nothing next to the measured calls.
  await new Promise((resolve) => setTimeout(resolve, 200));
  let result: T;
  try {
    result = await during();
  } finally {
    perf.kill("SIGINT");
    await exited;
  }
  return { result, instructions: parseInstructions(output) };
}
