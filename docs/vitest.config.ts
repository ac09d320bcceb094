import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { workspaceAliases } from "../vitest.shared.ts";

const fromRoot = (path: string) =>
  fileURLToPath(new URL(`../${path}`, import.meta.url));

/**
 * The snippets import every @wxnotify package from its src/ (no build
 * needed), and the web frameworks from the adapters' own dev dependencies,
 * the same places docs/tsconfig.json type-checks them against.
 */
const frameworks: Record<string, string> = {
  koa: "packages/koa/node_modules/koa",
  "@koa/router": "packages/koa/node_modules/@koa/router",
  "@koa/bodyparser": "packages/koa/node_modules/@koa/bodyparser",
  express: "packages/express/node_modules/express",
  h3: "packages/h3/node_modules/h3",
  "h3-v1": "packages/h3/node_modules/h3-v1",
  ioredis: "packages/redis/node_modules/ioredis",
};

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
      ...Object.entries(frameworks).map(([name, path]) => ({
        find: new RegExp(`^${name.replace("/", "\\/")}$`),
        replacement: fromRoot(path),
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
