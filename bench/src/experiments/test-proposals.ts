// Runs packages/core's own test suite (except the build test) against a copy
// of core with every open proposal applied, and type-checks that copy:
//   pnpm exec tsx src/experiments/test-proposals.ts [proposal-id…]
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CORE_DIR, esmEntry, makeCoreCopy } from "./core-copy.js";
import { PROPOSALS } from "./proposals.js";

const only = process.argv.slice(2);
const chosen = only.length
  ? PROPOSALS.filter((p) => only.includes(p.id))
  : PROPOSALS.filter((p) => p.status === "proposed");
const root = makeCoreCopy(
  "tested",
  chosen.flatMap((p) => p.patches),
  true,
);
const repo = fileURLToPath(new URL("../../..", import.meta.url));
const packages = join(repo, "packages");
const dependencies = ["fast-xml-parser", "node-forge"];

writeFileSync(
  join(root, "vitest.config.mts"),
  `import { defineConfig } from "vitest/config";
export default defineConfig({
  resolve: {
    alias: [
      { find: "@wxnotify/core", replacement: ${JSON.stringify(join(root, "src/index.ts"))} },
      { find: /^@wxnotify\\/(.*)$/, replacement: ${JSON.stringify(packages)} + "/$1/src/index.ts" },
${dependencies.map((name) => `      { find: ${JSON.stringify(name)}, replacement: ${JSON.stringify(fileURLToPath(esmEntry(name)))} },`).join("\n")}
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/portable-build.test.ts"],
    testTimeout: 30_000,
  },
});
`,
);
writeFileSync(
  join(root, "tsconfig.json"),
  JSON.stringify({
    extends: join(repo, "tsconfig.base.json"),
    compilerOptions: {
      noEmit: true,
      typeRoots: [
        join(CORE_DIR, "node_modules/@types"),
        join(repo, "node_modules/@types"),
      ],
      types: ["node", "node-forge"],
      paths: Object.fromEntries(
        dependencies.map((name) => [
          name,
          [join(CORE_DIR, "node_modules", name)],
        ]),
      ),
    },
    include: ["src"],
  }),
);

console.log(`core copy with ${chosen.map((p) => p.id).join(", ")}: ${root}`);
const bin = (name: string) => join(repo, "node_modules/.bin", name);
const tsc = spawnSync(
  bin("tsc"),
  ["--noEmit", "-p", join(root, "tsconfig.json")],
  {
    stdio: "inherit",
  },
);
const vitest = spawnSync(bin("vitest"), ["run", "--root", root], {
  stdio: "inherit",
  cwd: root,
});
console.log(
  `typecheck: ${tsc.status === 0 ? "ok" : "FAILED"}; core tests: ${vitest.status === 0 ? "ok" : "FAILED"} (core at ${CORE_DIR})`,
);
process.exitCode = tsc.status || vitest.status || 0;
