// verify() of a patched core copy in a loop, for `node --cpu-prof`:
//   node --cpu-prof --cpu-prof-dir=results/tmp/prof/x --import tsx \
//     src/experiments/profile-copy.ts all v2-paid-md5 50000
// (the copy is made by run-experiments.ts: bench/.experiments/<name>).
import { fileURLToPath } from "node:url";
import { createInputs } from "../inputs.js";
import { importCopy } from "./core-copy.js";

const [name = "all", scenario = "v2-paid-md5", count = "50000"] =
  process.argv.slice(2);
const inputs = createInputs();
const input = {
  "v3-paid": inputs.v3Paid,
  "v2-paid-md5": inputs.v2PaidMd5,
  "v2-paid-hmac": inputs.v2PaidHmac,
  "v2-refund": inputs.v2Refund,
}[scenario];
if (!input) throw new Error(`no scenario ${scenario}`);
const { createNotifier } = await importCopy(
  fileURLToPath(new URL(`../../.experiments/${name}`, import.meta.url)),
);
const notifier = createNotifier(inputs.config);
const expect = scenario === "v2-refund" ? "refunded" : "paid";
const started = performance.now();
for (let i = 0; i < Number(count); i++)
  await notifier.verify(input, { expect });
const ms = performance.now() - started;
console.error(
  `${name} ${scenario}: ${((ms * 1000) / Number(count)).toFixed(2)} µs each`,
);
