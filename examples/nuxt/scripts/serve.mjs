// `pnpm start`: serves the built app (`pnpm build` first; done here when
// there is no build yet). HOST defaults to 127.0.0.1, as in every example,
// where Nitro alone would listen on every interface.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const entry = new URL("../dist/output/server/index.mjs", import.meta.url);
if (!existsSync(entry)) {
  console.error("No build in dist/output yet: running nuxt build first.");
  execFileSync("npx", ["nuxt", "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NUXT_TELEMETRY_DISABLED: "1" },
  });
}
process.env.HOST ||= "127.0.0.1";
process.env.PORT ||= "3000";
await import(entry.href);
