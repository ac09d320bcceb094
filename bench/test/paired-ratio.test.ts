import { describe, expect, it } from "vitest";
import { pairedRatio, verdict } from "../src/paired-ratio.js";

/** A small deterministic generator (mulberry32), so that the test never flakes. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe("pairedRatio", () => {
  it("takes the 7th smallest and 7th largest of 24 rounds (97.7%)", () => {
    const ratios = Array.from({ length: 24 }, (_, i) => 24 - i); // unsorted
    const ratio = pairedRatio(
      ratios,
      ratios.map(() => 1),
    );
    expect(ratio).toMatchObject({ median: 12.5, low: 7, high: 18, rounds: 24 });
    expect(ratio.confidence).toBeCloseTo(0.9773, 4);
  });

  it("falls back to the whole range, and says so, with too few rounds", () => {
    const ratio = pairedRatio([3, 1, 2, 5, 4], [1, 1, 1, 1, 1]);
    expect(ratio).toMatchObject({ median: 3, low: 1, high: 5 });
    expect(ratio.confidence).toBeCloseTo(1 - 2 / 32, 6);
  });

  it("cancels drift that both sides of a round share", () => {
    // The machine slows down by up to 2x over the run; B always costs 5% more than A.
    const speed = Array.from({ length: 24 }, (_, r) => 1 + r / 23);
    const a = speed.map((s) => 100 * s);
    const b = speed.map((s) => 105 * s);
    const ratio = pairedRatio(b, a);
    expect(ratio.low).toBeCloseTo(1.05, 10);
    expect(ratio.high).toBeCloseTo(1.05, 10);
    expect(verdict(ratio, 1, true)).toBe("met");
  });

  it("holds the true median as often as it claims", () => {
    // Per-round ratios spread like this machine's (±15%) around a true median of 1.
    const next = random(7);
    const trials = 4000;
    let held = 0;
    let claimed = 0;
    for (let trial = 0; trial < trials; trial++) {
      const a = Array.from({ length: 24 }, () => 1 + 0.3 * (next() - 0.5));
      const ones = a.map(() => 1);
      const ratio = pairedRatio(a, ones);
      if (ratio.low <= 1 && 1 <= ratio.high) held++;
      claimed = ratio.confidence;
    }
    expect(claimed).toBeGreaterThanOrEqual(0.95);
    // 4,000 trials: the observed rate is within ±0.012 (5 standard errors).
    expect(Math.abs(held / trials - claimed)).toBeLessThan(0.012);
  });

  it("refuses rounds that do not pair", () => {
    expect(() => pairedRatio([1, 2], [1])).toThrow(/same rounds/);
    expect(() => pairedRatio([], [])).toThrow(/same rounds/);
  });
});

describe("verdict", () => {
  const around = (low: number, high: number) => ({
    median: (low + high) / 2,
    low,
    high,
    confidence: 0.977,
    rounds: 24,
  });

  it("meets a target only when the whole interval does", () => {
    expect(verdict(around(0.92, 1.01), 0.9)).toBe("met");
    expect(verdict(around(0.9, 1.01), 0.9)).toBe("met");
    expect(verdict(around(0.88, 1.01), 0.9)).toBe("within noise");
    expect(verdict(around(0.8, 0.89), 0.9)).toBe("missed");
  });

  it("asks for more than the target when strict (ahead of a peer)", () => {
    expect(verdict(around(1.01, 1.05), 1, true)).toBe("met");
    expect(verdict(around(1, 1.05), 1, true)).toBe("within noise");
    expect(verdict(around(0.96, 1.03), 1, true)).toBe("within noise");
    expect(verdict(around(0.9, 1), 1, true)).toBe("missed");
  });
});
