import type { UserConfig } from "tsdown";

/**
 * How every public package is built: ESM and CJS with their own declaration
 * files (`.d.mts` / `.d.cts`), for Node 20.
 */
export const packageBuild = {
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  platform: "node",
  target: "node20",
} satisfies UserConfig;
