// Times only the RSA verification inside core's verify() and inside the
// limit, interleaved: the same call, key and bytes, in two pipelines.
//   node [--single-threaded-gc] --import tsx src/experiments/rsa-in-pipeline.ts
import { verify as cryptoVerify } from "node:crypto";
import { createNotifier, nodeCryptoProvider } from "@wxnotify/core";
import { createInputs } from "../inputs.js";
import { createLimitV3 } from "../limit/limit-v3.js";

const inputs = createInputs();
const { merchant } = inputs;
let coreNs = 0n;
let coreCalls = 0;
const provider = nodeCryptoProvider as {
  verifyRsaSha256: typeof nodeCryptoProvider.verifyRsaSha256;
};
const original = provider.verifyRsaSha256.bind(provider);
provider.verifyRsaSha256 = (key, data, signature) => {
  const started = process.hrtime.bigint();
  const result = original(key, data, signature);
  coreNs += process.hrtime.bigint() - started;
  coreCalls++;
  return result;
};
const notifier = createNotifier(inputs.config);

// The limit, with its crypto.verify timed the same way.
let limitNs = 0n;
let limitCalls = 0;
const limit = createLimitV3(
  {
    verifyKeys: { [merchant.certificateSerial]: merchant.certificatePem },
    apiV3Key: merchant.apiV3Key,
  },
  inputs.config.now!,
  (algorithm, data, key, signature) => {
    const started = process.hrtime.bigint();
    const result = cryptoVerify(algorithm, data, key, signature);
    limitNs += process.hrtime.bigint() - started;
    limitCalls++;
    return result;
  },
);

for (let round = 0; round < 6; round++) {
  for (let i = 0; i < 3000; i++) {
    await notifier.verify(inputs.v3Paid, { expect: "paid" });
  }
  for (let i = 0; i < 3000; i++) limit(inputs.v3Paid);
}
const us = (ns: bigint, calls: number) =>
  (Number(ns / BigInt(calls)) / 1000).toFixed(1);
console.log(
  `crypto.verify inside core: ${us(coreNs, coreCalls)} µs; inside the limit: ${us(limitNs, limitCalls)} µs`,
);
