import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { workspaceAliases } from "../vitest.shared.ts";

const fromRoot = (path: string) =>
  fileURLToPath(new URL(`../${path}`, import.meta.url));

// The snippets import every @wxnotify package from its src/ (no build
// needed), the same place docs/tsconfig.json type-checks them against.
export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^@wxnotify\/core\/portable$/,
        replacement: fromRoot("packages/core/src/index.portable.ts"),
      },
      ...Object.entries(workspaceAliases).map(([name, path]) => ({
        find: new RegExp(`^${name.replace("/", "\\/")}$`),
        replacement: path,
      })),
    ],
  },
  test: {
    include: ["test/**/*.test.ts", "snippets/**/*.test.ts"],
    setupFiles: ["test/setup-env.ts"],
    // The snippets log every refused notification; the tests assert on them.
    onConsoleLog: (log) =>
      !/\[wechatpay\]|\[events\]|@wxnotify\/core:/.test(log),
    testTimeout: 30_000,
    // The browser test opens this many pages at once.
    maxConcurrency: 6,
    hookTimeout: 180_000,
  },
});
