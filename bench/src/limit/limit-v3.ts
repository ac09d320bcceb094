import {
  createDecipheriv,
  createPublicKey,
  createSecretKey,
  createVerify,
  type KeyObject,
} from "node:crypto";
import type { BenchRequest } from "../inputs.js";

/** What the limit needs to know about the merchant. */
export interface LimitV3Keys {
  /** `Wechatpay-Serial` value → PEM (public key or certificate). */
  verifyKeys: Record<string, string>;
  apiV3Key: string;
}

const NEWLINE = Buffer.from("\n");

/** How the limit checks an RSA-SHA256 (PKCS#1 v1.5) signature. */
export type VerifyRsa = (
  message: Buffer,
  key: KeyObject,
  signature: Buffer,
) => boolean;

/**
 * The Verify class rather than one-shot crypto.verify: on Node 20 the
 * one-shot form runs as a synchronous crypto job that copies its inputs
 * first, and measured about 5% fewer verifications per CPU second
 * (bench/README.md). The limit uses the fastest form node:crypto offers.
 */
export const verifyRsaSha256: VerifyRsa = (message, key, signature) =>
  createVerify("sha256").update(message).verify(key, signature);

/**
 * The limit for v3: the least work a correct verifier must do, on
 * node:crypto with keys parsed once. Header reads, the ±300 s timestamp
 * check and the key lookup by serial (all required by the protocol, each a
 * few nanoseconds), the signed message, RSA-SHA256 (`verifyRsaSha256`), JSON.parse of the
 * envelope, AES-256-GCM with the tag checked, JSON.parse of the resource.
 * No diagnostics, no shape checks beyond what the next step needs.
 */
export function createLimitV3(
  keys: LimitV3Keys,
  now: () => number,
  // Swappable only so that an experiment can time the call.
  verifyRsa: VerifyRsa = verifyRsaSha256,
) {
  const verifyKeys = new Map<string, KeyObject>();
  for (const [serial, pem] of Object.entries(keys.verifyKeys)) {
    verifyKeys.set(serial, createPublicKey(pem));
  }
  const aesKey = createSecretKey(Buffer.from(keys.apiV3Key, "utf8"));
  return (request: BenchRequest): Record<string, unknown> => {
    const headers = request.headers;
    const timestamp = headers["wechatpay-timestamp"]!;
    const nonce = headers["wechatpay-nonce"]!;
    const key = verifyKeys.get(headers["wechatpay-serial"]!);
    if (key === undefined) throw new Error("unknown serial");
    if (Math.abs(Number(timestamp) - Math.floor(now() / 1000)) > 300) {
      throw new Error("timestamp");
    }
    const body = request.body;
    const message = Buffer.concat([
      Buffer.from(`${timestamp}\n${nonce}\n`),
      body,
      NEWLINE,
    ]);
    const signature = Buffer.from(headers["wechatpay-signature"]!, "base64");
    if (!verifyRsa(message, key, signature)) {
      throw new Error("signature");
    }
    const envelope = JSON.parse(
      Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString(),
    ) as { resource: Record<string, string> };
    const resource = envelope.resource;
    const data = Buffer.from(resource.ciphertext!, "base64");
    const tagStart = data.length - 16;
    const decipher = createDecipheriv("aes-256-gcm", aesKey, resource.nonce!);
    decipher.setAAD(Buffer.from(resource.associated_data ?? ""));
    decipher.setAuthTag(data.subarray(tagStart));
    const plaintext = decipher.update(data.subarray(0, tagStart));
    decipher.final(); // throws when the tag does not match
    return JSON.parse(plaintext.toString()) as Record<string, unknown>;
  };
}
