// Profiles one server (framework × variant) under autocannon load:
//   pnpm exec tsx src/experiments/profile-server.ts h3 adapter
// writes results/tmp/prof/server-<framework>-<variant>/*.cpuprofile
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { createInputs } from "../inputs.js";

const [framework = "node", variant = "adapter", seconds = "5"] =
  process.argv.slice(2);
const dir = fileURLToPath(
  new URL(
    `../../results/tmp/prof/server-${framework}-${variant}`,
    import.meta.url,
  ),
);
const child = fork(
  fileURLToPath(new URL("../http/server-child.ts", import.meta.url)),
  [framework, variant],
  { execArgv: [...process.execArgv, "--cpu-prof", `--cpu-prof-dir=${dir}`] },
);
const port = await new Promise<number>((resolve, reject) => {
  child.once("message", (m: { port?: number; error?: string }) =>
    m.port ? resolve(m.port) : reject(new Error(m.error)),
  );
});
const notification = createInputs().signed.v3Paid;
const result = await autocannon({
  url: `http://127.0.0.1:${port}/notify`,
  method: "POST",
  headers: notification.headers,
  body: Buffer.from(notification.body),
  connections: 10,
  duration: Number(seconds),
});
console.log(
  `${framework} ${variant}: ${result["2xx"]} acknowledged, ${result.non2xx} other; profile in ${dir}`,
);
await new Promise<void>((resolve) => {
  child.once("exit", () => resolve());
  child.disconnect();
});
