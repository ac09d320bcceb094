import type { Proposal } from "./core-copy.js";

/**
 * Changes to packages/core this benchmark proposed and core has not taken,
 * as exact text replacements on core's sources: `withdrawn` ones measured no
 * gain; only `proposed` ones are applied by run-experiments.ts. The applied
 * ones (the flat-XML scanner, base64, UTF-8, concat, the GCM KeyObject, one
 * prefix encode, the constant v2 acknowledgment) are in core and in git
 * history, with their measurements in README.md.
 */
export const PROPOSALS: Proposal[] = [
  {
    id: "fewer-awaits",
    status: "withdrawn",
    summary:
      "v3/verify-v3.ts: take config.keys and the provider's results without `await` when they are plain values (the node provider is synchronous): `x instanceof Promise ? await x : x`. An `await` on a plain value still costs a microtask turn; five per notification",
    patches: [
      {
        file: "v3/verify-v3.ts",
        find: `  const { verifyKeys } = await config.keys;`,
        replace: `  const keys = config.keys;
  const { verifyKeys } = keys instanceof Promise ? await keys : keys;`,
      },
      {
        file: "v3/verify-v3.ts",
        find: `  const valid = await config.crypto.verifyRsaSha256(
    entry.key,
    message,
    signatureBytes,
  );`,
        replace: `  const verified = config.crypto.verifyRsaSha256(
    entry.key,
    message,
    signatureBytes,
  );
  const valid = verified instanceof Promise ? await verified : verified;`,
      },
      {
        file: "v3/verify-v3.ts",
        find: `  const gcmKey = (await config.keys).gcmKey!;`,
        replace: `  const keys = config.keys;
  const gcmKey = (keys instanceof Promise ? await keys : keys).gcmKey!;`,
      },
      {
        file: "v3/verify-v3.ts",
        find: `    plaintext = await config.crypto.decryptAesGcm(
      gcmKey,
      utf8(resource.nonce),
      utf8(resource.associated_data ?? ""),
      data,
    );`,
        replace: `    const decrypted = config.crypto.decryptAesGcm(
      gcmKey,
      utf8(resource.nonce),
      utf8(resource.associated_data ?? ""),
      data,
    );
    plaintext =
      decrypted instanceof Promise ? await decrypted : decrypted;`,
      },
      {
        file: "v3/verify-v3.ts",
        find: `  if (!(await config.keys).gcmKey) {`,
        replace: `  const keys = config.keys;
  if (!(keys instanceof Promise ? await keys : keys).gcmKey) {`,
      },
    ],
  },
];
