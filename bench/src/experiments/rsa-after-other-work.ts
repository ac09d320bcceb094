// Times the limit's RSA verification alone, with a core v2 verification run
// between two calls, and with only a microtask turn between them: whether
// other code between two RSA verifications makes the verification itself
// slower (it does: see bench/README.md, "What still separates core from
// the limit").
//   node --import tsx src/experiments/rsa-after-other-work.ts
import { createNotifier } from "@wxnotify/core";
import { createInputs } from "../inputs.js";
import { microsPerCall, timedLimitV3 } from "./timed-limit.js";

const inputs = createInputs();
const notifier = createNotifier(inputs.config);
const alone = timedLimitV3(inputs);
const afterV2 = timedLimitV3(inputs);
const afterTurn = timedLimitV3(inputs);
const variants = [
  async () => alone.limit(inputs.v3Paid),
  async () => {
    await notifier.verify(inputs.v2PaidMd5, { expect: "paid" });
    afterV2.limit(inputs.v3Paid);
  },
  async () => {
    await null;
    afterTurn.limit(inputs.v3Paid);
  },
];
// Each round in another order: the first block of a round ran slower.
for (let round = 0; round < 12; round++) {
  for (let k = 0; k < variants.length; k++) {
    const variant = variants[(k + round) % variants.length]!;
    for (let i = 0; i < 2000; i++) await variant();
  }
}
console.log(
  `RSA verification: ${microsPerCall(alone.timing)} µs back to back; ${microsPerCall(afterV2.timing)} µs after a v2 verification; ${microsPerCall(afterTurn.timing)} µs after a microtask turn`,
);
