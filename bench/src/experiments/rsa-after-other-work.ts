// Times the limit's crypto.verify alone, with a core v2 verification run
// between two calls, and with only a microtask turn between them: whether
// other code between two RSA verifications makes the verification itself
// slower (it does: see bench/README.md, "What still separates core from
// the limit").
//   node --import tsx src/experiments/rsa-after-other-work.ts
import { verify as cryptoVerify } from "node:crypto";
import { createNotifier } from "@wxnotify/core";
import { createInputs } from "../inputs.js";
import { createLimitV3 } from "../limit/limit-v3.js";

const inputs = createInputs();
const { merchant } = inputs;
const notifier = createNotifier(inputs.config);

function timedLimit() {
  const timing = { ns: 0n, calls: 0 };
  const limit = createLimitV3(
    {
      verifyKeys: { [merchant.certificateSerial]: merchant.certificatePem },
      apiV3Key: merchant.apiV3Key,
    },
    inputs.config.now!,
    (algorithm, data, key, signature) => {
      const started = process.hrtime.bigint();
      const result = cryptoVerify(algorithm, data, key, signature);
      timing.ns += process.hrtime.bigint() - started;
      timing.calls++;
      return result;
    },
  );
  return { timing, limit };
}

const alone = timedLimit();
const afterV2 = timedLimit();
const afterTurn = timedLimit();
for (let round = 0; round < 10; round++) {
  for (let i = 0; i < 2000; i++) alone.limit(inputs.v3Paid);
  for (let i = 0; i < 2000; i++) {
    await notifier.verify(inputs.v2PaidMd5, { expect: "paid" });
    afterV2.limit(inputs.v3Paid);
  }
  for (let i = 0; i < 2000; i++) {
    await null;
    afterTurn.limit(inputs.v3Paid);
  }
}
const us = ({ ns, calls }: { ns: bigint; calls: number }) =>
  (Number(ns / BigInt(calls)) / 1000).toFixed(1);
console.log(
  `crypto.verify: ${us(alone.timing)} µs back to back; ${us(afterV2.timing)} µs after a v2 verification; ${us(afterTurn.timing)} µs after a microtask turn`,
);
