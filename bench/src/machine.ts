import { cpus, loadavg, totalmem } from "node:os";

/** What the numbers were measured on. */
export interface Machine {
  node: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  date: string;
  /** 1-minute load average when the run started; above the core count, other work competed. */
  loadStart: number;
  loadEnd?: number;
}

/** Describes this machine now. */
export function describeMachine(): Machine {
  const list = cpus();
  return {
    node: process.version,
    cpu: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    date: new Date().toISOString(),
    loadStart: loadavg()[0]!,
  };
}

/** The 1-minute load average now. */
export function currentLoad(): number {
  return loadavg()[0]!;
}
