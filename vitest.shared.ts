import { readdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

const packagesDir = fileURLToPath(new URL("./packages", import.meta.url));

/**
 * Tests import every `@wxnotify/*` package from its `src/` so that no build
 * is needed before testing.
 */
export const workspaceAliases: Record<string, string> = Object.fromEntries(
  readdirSync(packagesDir)
    .filter((name) => existsSync(join(packagesDir, name, "src", "index.ts")))
    .map((name) => [
      `@wxnotify/${name}`,
      join(packagesDir, name, "src", "index.ts"),
    ]),
);

/**
 * The test configuration every workspace shares. CI runs several suites at
 * once on two cores, so time limits are generous: a timeout here means a
 * hang, not slowness.
 */
export const packageTestConfig = defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
