import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, expect, it } from "vitest";
import {
  ensureBuilt,
  packagesDir,
  runtimeVariants,
  startRuntime,
  type RuntimeServer,
} from "../src/runtimes.js";
import { describeConformance, merchant, remoteTarget } from "./suite.js";

// The web adapter inside Bun and inside Deno, each a child process serving
// ../src/runtime/serve.ts with the BUILT @wxnotify/core and @wxnotify/web:
// every case, signed here, is sent to it over HTTP, with the expectations
// every other variant meets. No case is left out.

beforeAll(async () => {
  const built = await ensureBuilt();
  if (built.length) console.info(`built before the runtimes: ${built}`);
}, 120_000);

for (const variant of runtimeVariants) {
  let server: RuntimeServer | undefined;
  let startedInMs = 0;
  describeConformance(
    {
      name: variant.name,
      open: async () => {
        const started = performance.now();
        server = await startRuntime(variant, merchant.config);
        startedInMs = Math.round(performance.now() - started);
        return remoteTarget(server);
      },
    },
    {
      more: () => {
        it(`loads the built packages through their exports: core/dist/${variant.coreEntry} (${variant.provider} crypto)`, () => {
          const { info } = server!;
          console.info(
            `${variant.name}: listening in ${startedInMs} ms, ${JSON.stringify(info)}`,
          );
          expect(info.runtime).toBe(variant.runtime);
          expect(fileURLToPath(info.resolved.core)).toBe(
            join(packagesDir, "core", "dist", variant.coreEntry),
          );
          expect(fileURLToPath(info.resolved.web)).toBe(
            join(packagesDir, "web", "dist", "index.mjs"),
          );
          expect(info.providers).toEqual([`${variant.provider}CryptoProvider`]);
          expect(info.provider).toBe(variant.provider);
        });
      },
    },
  );
}
