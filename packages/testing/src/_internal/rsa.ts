import { sign } from "node:crypto";

/** The bytes a v3 signature covers (spec §4.3): `timestamp\nnonce\nbody\n`. */
export function v3Message(
  timestamp: string,
  nonce: string,
  body: Uint8Array,
): Buffer {
  return Buffer.concat([
    Buffer.from(`${timestamp}\n${nonce}\n`, "utf8"),
    body,
    Buffer.from("\n", "utf8"),
  ]);
}

/**
 * Signs a v3 notification as WeChat Pay does (spec §4.3): RSASSA-PKCS1-v1_5
 * with SHA-256 over `timestamp\nnonce\nbody\n`, base64.
 */
export function signV3(
  timestamp: string,
  nonce: string,
  body: Uint8Array,
  privateKeyPem: string,
): string {
  return sign(
    "sha256",
    v3Message(timestamp, nonce, body),
    privateKeyPem,
  ).toString("base64");
}
