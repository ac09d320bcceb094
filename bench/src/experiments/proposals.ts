import { readFileSync } from "node:fs";
import type { Proposal } from "./core-copy.js";

const proposed = (path: string) =>
  readFileSync(
    new URL(`../../proposals/core/src/${path}`, import.meta.url),
    "utf8",
  );

/**
 * The changes to packages/core this benchmark proposed, each measured alone
 * and together by run-experiments.ts: exact text replacements on core's
 * sources of the time (a whole file for the XML scanner, in
 * bench/proposals/). `applied` ones are in core now (their patches no longer
 * apply and are kept as the record of what was measured); `withdrawn` ones
 * measured no gain. Only `proposed` ones are applied by the experiments.
 */
export const PROPOSALS: Proposal[] = [
  {
    id: "flat-xml-scanner",
    status: "applied",
    summary:
      "_internal/xml.ts: parseFlatXml as a single-pass scanner of the flat document instead of fast-xml-parser's XMLValidator.validate + XMLParser.parse (same checks, same error codes); fast-xml-parser can leave core's dependencies",
    patches: [
      { file: "_internal/xml.ts", content: proposed("_internal/xml.ts") },
    ],
  },
  {
    id: "base64-roundtrip",
    status: "applied",
    summary:
      "_internal/bytes.ts decodeBase64Strict: where Buffer exists, decode natively and accept only if re-encoding gives the same text, instead of the anchored regex (a few µs per v3 notification on 344 + ~600 characters); this accepts exactly the canonical strict base64 (the regex also let non-zero trailing bits through)",
    patches: [
      {
        file: "_internal/bytes.ts",
        find: `export function decodeBase64Strict(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined;
  if (typeof Buffer !== "undefined") return Buffer.from(text, "base64");`,
        replace: `export function decodeBase64Strict(text: string): Uint8Array | undefined {
  if (typeof Buffer !== "undefined") {
    // Native decode + encode is ~5x cheaper than the regex, and stricter:
    // only the canonical encoding comes back identical.
    const bytes = Buffer.from(text, "base64");
    return bytes.toString("base64") === text ? bytes : undefined;
  }
  if (!BASE64.test(text)) return undefined;`,
      },
    ],
  },
  {
    id: "utf8-buffer",
    status: "applied",
    summary:
      '_internal/bytes.ts utf8(): Buffer.from(text, "utf8") where Buffer exists (2-3x cheaper than TextEncoder.encode on short strings, 4 calls per v3 notification); v2/sign.ts signV2 uses utf8() instead of its own TextEncoder',
    patches: [
      {
        file: "_internal/bytes.ts",
        find: `export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}`,
        replace: `export function utf8(text: string): Uint8Array {
  // Buffer.from is 2-3x cheaper than TextEncoder on short strings (headers,
  // nonces) and takes small ones from its pool.
  return typeof Buffer !== "undefined"
    ? Buffer.from(text, "utf8")
    : encoder.encode(text);
}`,
      },
      {
        file: "v2/sign.ts",
        find: `const encoder = new TextEncoder();
`,
        replace: `import { utf8 } from "../_internal/bytes.js";
`,
      },
      {
        file: "v2/sign.ts",
        find: `  const message = encoder.encode(v2StringToSign(fields, apiV2Key));
  return signType === "MD5"
    ? crypto.md5Hex(message)
    : crypto.hmacSha256Hex(encoder.encode(apiV2Key), message);`,
        replace: `  const message = utf8(v2StringToSign(fields, apiV2Key));
  return signType === "MD5"
    ? crypto.md5Hex(message)
    : crypto.hmacSha256Hex(utf8(apiV2Key), message);`,
      },
    ],
  },
  {
    id: "gcm-key-object",
    status: "applied",
    summary:
      "crypto/node-crypto-provider.ts: importAesGcmKey keeps a KeyObject (createSecretKey, once) and decryptAesGcm passes it to createDecipheriv, instead of raw bytes imported again on every notification",
    patches: [
      {
        file: "crypto/node-crypto-provider.ts",
        find: `  importAesGcmKey(key): AesKey {
    return { handle: key };
  },`,
        replace: `  importAesGcmKey(key): AesKey {
    return { handle: createSecretKey(key) };
  },`,
      },
      {
        file: "crypto/node-crypto-provider.ts",
        find: `      key.handle as Uint8Array,
      iv,`,
        replace: `      key.handle as KeyObject,
      iv,`,
      },
      {
        file: "crypto/node-crypto-provider.ts",
        find: `  createPublicKey,`,
        replace: `  createPublicKey,
  createSecretKey,`,
      },
    ],
  },
  {
    id: "concat-buffer",
    status: "applied",
    summary:
      "_internal/bytes.ts concatBytes: Buffer.concat where Buffer exists (no zero-filling of the ~1 KB signed message before it is overwritten)",
    patches: [
      {
        file: "_internal/bytes.ts",
        find: `export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
`,
        replace: `export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  // Buffer.concat allocates without zero-filling what it overwrites anyway.
  if (typeof Buffer !== "undefined") return Buffer.concat(parts);
`,
      },
    ],
  },
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
  {
    id: "one-prefix-encode",
    status: "applied",
    summary:
      "v3/verify-v3.ts verifySignature: encode `${timestamp}\\n${nonce}\\n` once instead of timestamp and nonce separately (one TextEncoder call and two parts fewer in concatBytes)",
    patches: [
      {
        file: "v3/verify-v3.ts",
        find: `  const message = concatBytes([
    utf8(timestamp),
    NEWLINE,
    utf8(nonce),
    NEWLINE,
    request.body,
    NEWLINE,
  ]);`,
        replace: `  const message = concatBytes([
    utf8(\`\${timestamp}\\n\${nonce}\\n\`),
    request.body,
    NEWLINE,
  ]);`,
      },
    ],
  },
  {
    id: "v2-success-reply-constant",
    status: "proposed",
    summary:
      "replies.ts v2SuccessReply: build the acknowledgment's XML once, at module load, instead of running buildFlatXml (Object.entries, two replaceAll, template strings) for every acknowledged v2 notification",
    patches: [
      {
        file: "replies.ts",
        find: `/** The v2 acknowledgment: \`return_code=SUCCESS\`, HTTP 200. */
export function v2SuccessReply(): NotifyReply {
  return {
    status: 200,
    headers: { "content-type": XML_TYPE },
    body: buildFlatXml({ return_code: "SUCCESS", return_msg: "OK" }),
  };
}`,
        replace: `// The same text for every acknowledgment: built once.
const V2_SUCCESS_BODY = buildFlatXml({ return_code: "SUCCESS", return_msg: "OK" });

/** The v2 acknowledgment: \`return_code=SUCCESS\`, HTTP 200. */
export function v2SuccessReply(): NotifyReply {
  return {
    status: 200,
    headers: { "content-type": XML_TYPE },
    body: V2_SUCCESS_BODY,
  };
}`,
      },
    ],
  },
];
