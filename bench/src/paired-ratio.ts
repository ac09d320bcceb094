import { median } from "./median.js";

/** A ratio measured round by round, and the interval its median lies in. */
export interface PairedRatio {
  /** The median of the per-round ratios. */
  median: number;
  /** Lower end of the interval that holds the true median with `confidence`. */
  low: number;
  /** Upper end of that interval. */
  high: number;
  /** How often an interval built this way holds the true median (0.977 for 24 rounds). */
  confidence: number;
  rounds: number;
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2). */
function binomialHalfCdf(n: number, k: number): number {
  let term = 0.5 ** n; // P(X = 0)
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term = (term * (n - i + 1)) / i;
    sum += term;
  }
  return sum;
}

/**
 * Which order statistics bound the median of `rounds` values: the k-th
 * smallest and k-th largest, for the largest k that keeps the chance of
 * missing the median on either side under 2.5%, and how often that
 * interval holds it (0.977 for 24 rounds; fewer than 6 rounds cannot reach
 * 95%, and get the whole range).
 */
export function medianInterval(rounds: number): {
  k: number;
  confidence: number;
} {
  let k = 1;
  while (k < rounds / 2 && binomialHalfCdf(rounds, k) <= 0.025) k++;
  return { k, confidence: 1 - 2 * binomialHalfCdf(rounds, k - 1) };
}

/**
 * The ratio `numerator[r] / denominator[r]` of two measures taken in the
 * same rounds, summarized by its median and a distribution-free interval of
 * that median (order statistics: the k-th smallest and k-th largest ratio,
 * for the largest k that keeps the chance of missing the median on either
 * side under 2.5%).
 *
 * Pairing by round is the point: the machine's speed drifts by ±10–15%
 * between 250 ms windows, and both implementations of a round ran in the
 * same stretch of it, so a per-round ratio cancels most of that drift.
 * Fewer than 6 rounds cannot reach 95%: the interval is then the whole
 * range, and `confidence` says how much less it is worth.
 */
export function pairedRatio(
  numerator: readonly number[],
  denominator: readonly number[],
): PairedRatio {
  if (numerator.length !== denominator.length || numerator.length === 0) {
    throw new Error(
      `pairedRatio needs the same rounds on both sides, got ${numerator.length} and ${denominator.length}.`,
    );
  }
  const ratios = numerator
    .map((value, round) => value / denominator[round]!)
    .sort((a, b) => a - b);
  const n = ratios.length;
  const { k, confidence } = medianInterval(n);
  return {
    median: median(ratios),
    low: ratios[k - 1]!,
    high: ratios[n - k]!,
    confidence,
    rounds: n,
  };
}

/**
 * Where a paired ratio stands against a target: `met` when the whole
 * interval reaches it, `missed` when the whole interval falls short, and
 * `within noise` when the interval straddles it. `strict` asks for more
 * than the target (ahead of a peer), not as much.
 */
export function verdict(
  ratio: PairedRatio,
  target: number,
  strict = false,
): "met" | "missed" | "within noise" {
  const reaches = (value: number) =>
    strict ? value > target : value >= target;
  if (reaches(ratio.low)) return "met";
  if (!reaches(ratio.high)) return "missed";
  return "within noise";
}
