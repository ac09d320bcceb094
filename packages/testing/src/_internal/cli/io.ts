/** Where the CLI writes, and what it may know about its surroundings. */
export interface CliIo {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Whether to use ANSI colors. */
  color: boolean;
  /** Directory relative paths are resolved against. */
  cwd: string;
}

/** Exit codes: 0 acknowledged or verified, 1 not, 2 a usage error. */
export const EXIT = { ok: 0, notAcknowledged: 1, usage: 2 } as const;

/** A mistake in the command line, reported with the command's usage. */
export class UsageError extends Error {}

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;

/** Styling functions that do nothing when color is off. */
export function painter(color: boolean) {
  const paint =
    (name: keyof typeof CODES) =>
    (text: string): string =>
      color
        ? `\u001b[${CODES[name][0]}m${text}\u001b[${CODES[name][1]}m`
        : text;
  return {
    bold: paint("bold"),
    dim: paint("dim"),
    red: paint("red"),
    green: paint("green"),
    yellow: paint("yellow"),
    cyan: paint("cyan"),
  };
}

/** Color only for a terminal, and never when NO_COLOR is set (no-color.org). */
export function shouldColor(
  isTty: boolean | undefined,
  env: Record<string, string | undefined>,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return isTty === true;
}
