// Where two implementations' cycles differ, symbol by symbol: each runs
// alone under `perf record -e cycles:u` (JavaScript named through
// --perf-basic-prof), and the cycles per call of every symbol (native,
// builtin, or JavaScript function) are compared, largest difference first.
// This is how the accessor behind the global Buffer, the timestamp regular
// expression and the closures created per request showed up in core's v3
// path. Build core first; about a minute.
//   node --import tsx src/experiments/compare-cycles.ts [scenario] [a] [b] [calls]
// a and b name implementations as profile-loop.ts does: limit, core-verify,
// core-handle, or the start of a peer's name.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const [
  scenario = "v3-paid",
  first = "limit",
  second = "core-verify",
  calls = "30000",
] = process.argv.slice(2);
const LOOP = fileURLToPath(new URL("./profile-loop.ts", import.meta.url));
const BENCH = fileURLToPath(new URL("../..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "compare-cycles-"));
// --perf-basic-prof writes a symbol map per process to /tmp: the ones this
// run adds are removed at the end. It also turns on V8's log, which would
// leave an isolate-*.log per process in the working directory: it goes to
// the temporary directory instead.
const symbolMaps = () =>
  readdirSync("/tmp").filter((file) => /^perf-\d+\.map$/.test(file));
const mapsBefore = new Set(symbolMaps());

/** Cycles per call of every symbol while `which` runs `calls` times. */
function cyclesBySymbol(which: string): Map<string, number> {
  const data = join(work, `${which}.data`);
  const recorded = spawnSync(
    "perf",
    ["record", "-q", "-e", "cycles:u", "-o", data, "--", process.execPath]
      .concat(["--perf-basic-prof", "--no-logfile-per-isolate"])
      .concat([`--logfile=${join(work, `${which}.v8.log`)}`])
      .concat(["--import", "tsx", LOOP])
      .concat([scenario, which, calls]),
    { cwd: BENCH, stdio: ["ignore", "ignore", "inherit"] },
  );
  if (recorded.status !== 0) throw new Error(`perf record failed (${which})`);
  const report = spawnSync(
    "perf",
    ["report", "-i", data, "--sort", "symbol", "-F", "period,symbol"].concat([
      "--stdio",
    ]),
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const bySymbol = new Map<string, number>();
  for (const line of report.stdout.split("\n")) {
    const match = /^\s*(\d+)\s+\[[.k]\]\s+(.*?)\s*$/.exec(line);
    if (!match) continue;
    // A JIT frame is named with its tier marker and position; the same
    // function gets one row.
    const symbol = match[2]!.replace(/\s+-\s+-\s*$/, "");
    bySymbol.set(
      symbol,
      (bySymbol.get(symbol) ?? 0) + Number(match[1]) / Number(calls),
    );
  }
  return bySymbol;
}

try {
  const a = cyclesBySymbol(first);
  const b = cyclesBySymbol(second);
  const total = (m: Map<string, number>) =>
    [...m.values()].reduce((sum, value) => sum + value, 0);
  const javascript = (m: Map<string, number>) =>
    [...m]
      .filter(([name]) => /^(JS:|Builtins_|RegExp:)/.test(name))
      .reduce((sum, [, value]) => sum + value, 0);
  const round = (value: number) => Math.round(value).toLocaleString("en-US");
  console.log(
    `${scenario}, cycles per call (start-up and warm-up included): ${first} ${round(total(a))}, ${second} ${round(total(b))}; JavaScript and V8 builtins ${round(javascript(a))} vs ${round(javascript(b))}`,
  );
  const names = new Set([...a.keys(), ...b.keys()]);
  const rows = [...names]
    .map((name) => ({ name, a: a.get(name) ?? 0, b: b.get(name) ?? 0 }))
    .sort((x, y) => Math.abs(y.b - y.a) - Math.abs(x.b - x.a))
    .slice(0, 40);
  for (const row of rows) {
    const diff = row.b - row.a;
    const signed = `${diff >= 0 ? "+" : ""}${round(diff)}`;
    console.log(
      `${round(row.a).padStart(8)} ${round(row.b).padStart(8)} ${signed.padStart(8)}  ${row.name.slice(0, 110)}`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
  for (const file of symbolMaps()) {
    if (!mapsBefore.has(file)) rmSync(join("/tmp", file), { force: true });
  }
}
