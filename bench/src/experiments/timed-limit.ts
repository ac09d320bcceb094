// The v3 limit with its crypto.verify timed, for the RSA experiments.
import { verify as cryptoVerify } from "node:crypto";
import type { BenchInputs } from "../inputs.js";
import { createLimitV3 } from "../limit/limit-v3.js";

/** Nanoseconds spent in crypto.verify and how many calls, so far. */
export interface RsaTiming {
  ns: bigint;
  calls: number;
}

/** Average µs per call of a timing. */
export function microsPerCall({ ns, calls }: RsaTiming): string {
  return (Number(ns / BigInt(calls)) / 1000).toFixed(1);
}

/** A limit pipeline whose every crypto.verify call adds to `timing`. */
export function timedLimitV3(inputs: BenchInputs): {
  timing: RsaTiming;
  limit: ReturnType<typeof createLimitV3>;
} {
  const { merchant } = inputs;
  const timing: RsaTiming = { ns: 0n, calls: 0 };
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
