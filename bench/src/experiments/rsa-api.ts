// The two ways node:crypto verifies an RSA-SHA256 signature, head to head
// on the benchmark's v3 payment (same key object, message and signature):
// one-shot crypto.verify, and the Verify class. On Node 20 the class
// measured about 5% more verifications per CPU second, which is why core's
// node provider and the limit use it.
//   node --import tsx src/experiments/rsa-api.ts [rounds]
import { createPublicKey, createVerify, verify } from "node:crypto";
import { createInputs } from "../inputs.js";
import { describePaired, runAb } from "./ab.js";

const inputs = createInputs();
const { headers, body } = inputs.v3Paid;
const key = createPublicKey(inputs.merchant.certificatePem);
const message = Buffer.concat([
  Buffer.from(
    `${headers["wechatpay-timestamp"]}\n${headers["wechatpay-nonce"]}\n`,
  ),
  body,
  Buffer.from("\n"),
]);
const signature = Buffer.from(headers["wechatpay-signature"]!, "base64");
const [oneShot, verifyClass] = await runAb(
  [
    {
      name: "crypto.verify",
      run: () => {
        if (!verify("sha256", message, key, signature))
          throw new Error("refused");
      },
    },
    {
      name: "createVerify().update().verify()",
      run: () => {
        if (!createVerify("sha256").update(message).verify(key, signature)) {
          throw new Error("refused");
        }
      },
    },
  ],
  { rounds: Number(process.argv[2] ?? 200), msPerRound: 250, warmupMs: 1000 },
);
console.log(
  `${verifyClass!.name} at ${describePaired(verifyClass!.paired)} the verifications per CPU second of ${oneShot!.name}`,
);
