import { readdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

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
