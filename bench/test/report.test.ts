import { describe, expect, it } from "vitest";
import type { HttpMeasure, HttpRow } from "../src/http/http-bench.js";
import type {
  InProcessRow,
  Implementation,
  Role,
  Scenario,
} from "../src/in-process.js";
import { renderMarkdown, type RunResults } from "../src/report.js";

const ROUNDS = 24;
const scenario: Scenario = {
  id: "v3-paid",
  title: "v3",
  input: { method: "POST", headers: {}, body: new Uint8Array() },
  implementations: [],
  checks: [],
};

/** A row whose rounds run at `base` calls per second times each factor. */
function row(name: string, role: Role, ops: (round: number) => number) {
  const implementation: Implementation = { name, role, run: () => true };
  const opsPerSecByRound = Array.from({ length: ROUNDS }, (_, r) => ops(r));
  const cpuUsPerOpByRound = opsPerSecByRound.map((o) => 1e6 / o);
  const opsPerSec = opsPerSecByRound.reduce((a, b) => a + b) / ROUNDS;
  return {
    scenario,
    implementation,
    opsPerSec,
    opsPerSecByRound,
    p50Us: 100,
    p99Us: 200,
    samples: 1000,
    cpuUsPerOp: 1e6 / opsPerSec,
    cpuUsPerOpByRound,
    ratioToLimit: Number.NaN,
    misses: [],
  } satisfies InProcessRow;
}

function measure(requestsPerSecByRound: number[]): HttpMeasure {
  const mean =
    requestsPerSecByRound.reduce((a, b) => a + b) /
    requestsPerSecByRound.length;
  return {
    requestsPerSec: mean,
    requestsPerSecByRound,
    p50Ms: 1,
    p99Ms: 2,
    failures: 0,
    serverCpuUsPerRequest: 1e6 / mean,
    serverCpuUsPerRequestByRound: requestsPerSecByRound.map((r) => 1e6 / r),
    seconds: 5,
  };
}

function targets(inProcess: InProcessRow[], http: HttpRow[] = []): string[] {
  const results: RunResults = {
    machine: {
      node: "v20",
      cpu: "test",
      cores: 2,
      memoryGiB: 1,
      date: "2026-01-01",
      loadStart: 0,
    },
    instructionCounter: false,
    settings: {
      timeMs: 6000,
      rounds: ROUNDS,
      warmupMs: 500,
      httpSeconds: 5,
      httpRounds: 5,
      httpWarmupSeconds: 3,
      connections: 10,
      notifications: 1,
      instructionCalls: 0,
    },
    inProcess,
    http,
  };
  const markdown = renderMarkdown(results);
  return markdown
    .slice(markdown.indexOf("## Targets"))
    .split("\n")
    .filter((line) => line.startsWith("- "));
}

// The machine's speed drifts from round to round; every implementation of
// a round shares that round's speed.
const drift = (round: number) => 1 + 0.3 * Math.sin(round);

describe("the Targets list", () => {
  it("gives each throughput ratio with its interval over the rounds", () => {
    const [line] = targets([
      row("limit", "limit", (r) => 10_000 * drift(r)),
      // Steadily 95% of the limit in every round, and 1.1× the peer.
      row("core", "core", (r) => 9_500 * drift(r)),
      row("peer", "peer", (r) => (9_500 / 1.1) * drift(r)),
    ]);
    expect(line).toContain("core: 0.95× [0.95–0.95] ✅ the limit");
    expect(line).toContain("1.10× [1.10–1.10] ✅ the fastest peer");
  });

  it("marks a throughput ratio within the noise ≈, and one short of the target ❌", () => {
    const [noisy, short] = targets([
      row("limit", "limit", (r) => 10_000 * drift(r)),
      // Above and below the limit by turns: the interval straddles 0.9.
      row("core noisy", "core", (r) => (r % 2 ? 11_000 : 8_000) * drift(r)),
      row("core short", "core", (r) => 8_000 * drift(r)),
      row("peer", "peer", (r) => 12_000 * drift(r)),
    ]);
    expect(noisy).toMatch(/core noisy: 0\.\d\d× \[0\.80–1\.10\] ≈ the limit/);
    expect(noisy).toContain("0.79× [0.67–0.92] ❌ the fastest peer");
    expect(short).toContain("core short: 0.80× [0.80–0.80] ❌ the limit");
    expect(short).toContain("0.67× [0.67–0.67] ❌ the fastest peer");
  });

  it("pairs an adapter's requests per second with its bare servers' round by round", () => {
    const rounds = [1, 0.7, 1.2, 0.9, 1.1];
    const [line] = targets(
      [],
      [
        {
          framework: "node",
          adapterPackage: "@wxnotify/node",
          results: {
            adapter: measure(rounds.map((f) => 3_000 * f)),
            bare: measure(rounds.map((f) => 10_000 * f)),
            "bare+limit": measure(rounds.map((f) => 3_000 * f)),
          },
        },
      ],
    );
    expect(line).toContain("@wxnotify/node: 0.30× [0.30–0.30] ❌ bare node");
    expect(line).toContain("1.00× [1.00–1.00] ✅ bare + limit");
  });
});
