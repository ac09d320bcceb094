// Times only the RSA verification inside core's verify() and inside the
// limit, interleaved: the same call, key and bytes, in two pipelines.
//   node [--single-threaded-gc] --import tsx src/experiments/rsa-in-pipeline.ts
import { createNotifier, nodeCryptoProvider } from "@wxnotify/core";
import { createInputs } from "../inputs.js";
import { microsPerCall, timedLimitV3, type RsaTiming } from "./timed-limit.js";

const inputs = createInputs();
const core: RsaTiming = { ns: 0n, calls: 0 };
const provider = nodeCryptoProvider as {
  verifyRsaSha256: typeof nodeCryptoProvider.verifyRsaSha256;
};
const original = provider.verifyRsaSha256.bind(provider);
provider.verifyRsaSha256 = (key, data, signature) => {
  const started = process.hrtime.bigint();
  const result = original(key, data, signature);
  core.ns += process.hrtime.bigint() - started;
  core.calls++;
  return result;
};
const notifier = createNotifier(inputs.config);
// The limit, with its RSA verification timed the same way.
const { timing, limit } = timedLimitV3(inputs);

for (let round = 0; round < 6; round++) {
  for (let i = 0; i < 3000; i++) {
    await notifier.verify(inputs.v3Paid, { expect: "paid" });
  }
  for (let i = 0; i < 3000; i++) limit(inputs.v3Paid);
}
console.log(
  `RSA verification inside core: ${microsPerCall(core)} µs; inside the limit: ${microsPerCall(timing)} µs`,
);
