import { median } from "../median.js";
import { pairedRatio, type PairedRatio } from "../paired-ratio.js";

/** `1.015× [1.005–1.028, 96.0% interval of the median, 400 rounds]`, as the experiments print a paired ratio. */
export function describePaired(paired: PairedRatio): string {
  return `${paired.median.toFixed(3)}× [${paired.low.toFixed(3)}–${paired.high.toFixed(3)}, ${(100 * paired.confidence).toFixed(1)}% interval of the median, ${paired.rounds} rounds]`;
}

/** One contender of an A/B run. */
export interface Contender {
  name: string;
  run: () => unknown;
}

/** Median throughput (per CPU second) of one contender, and its ratio to the first one's. */
export interface AbResult {
  name: string;
  opsPerSec: number;
  /** (this / first) measured in the same round: the median over rounds and its interval. */
  paired: PairedRatio;
}

/**
 * Interleaved A/B measurement, robust to a machine shared with other work:
 * every round runs each contender for `msPerRound` of this process's CPU
 * time (rotating the order), so time spent descheduled does not count;
 * ratios are taken within a round before the median across rounds.
 */
export async function runAb(
  contenders: readonly Contender[],
  {
    rounds = 9,
    msPerRound = 250,
    warmupMs = 300,
  }: { rounds?: number; msPerRound?: number; warmupMs?: number } = {},
): Promise<AbResult[]> {
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const once = async (contender: Contender, ms: number) => {
    let count = 0;
    const started = cpuMs();
    let elapsed = 0;
    while (elapsed < ms) {
      for (let i = 0; i < 16; i++) await contender.run();
      count += 16;
      elapsed = cpuMs() - started;
    }
    return (count * 1000) / elapsed;
  };
  for (const contender of contenders) await once(contender, warmupMs);
  const perRound: number[][] = contenders.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const index = (k + round) % contenders.length;
      perRound[index]!.push(await once(contenders[index]!, msPerRound));
    }
  }
  return contenders.map((contender, index) => ({
    name: contender.name,
    opsPerSec: median(perRound[index]!),
    paired: pairedRatio(perRound[index]!, perRound[0]!),
  }));
}
