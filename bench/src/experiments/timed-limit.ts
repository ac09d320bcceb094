// The v3 limit with its RSA verification timed, for the RSA experiments.
import type { BenchInputs } from "../inputs.js";
import { createLimitV3, verifyRsaSha256 } from "../limit/limit-v3.js";

/** Nanoseconds spent verifying RSA signatures and how many calls, so far. */
export interface RsaTiming {
  ns: bigint;
  calls: number;
}

/** Average µs per call of a timing. */
export function microsPerCall({ ns, calls }: RsaTiming): string {
  return (Number(ns / BigInt(calls)) / 1000).toFixed(1);
}

/** A limit pipeline whose every RSA verification adds to `timing`. */
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
    (message, key, signature) => {
      const started = process.hrtime.bigint();
      const result = verifyRsaSha256(message, key, signature);
      timing.ns += process.hrtime.bigint() - started;
      timing.calls++;
      return result;
    },
  );
  return { timing, limit };
}
