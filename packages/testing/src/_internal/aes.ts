import { createCipheriv, createHash } from "node:crypto";

/**
 * AES-256-GCM encryption of a v3 resource (spec §4.6): the APIv3 key is used
 * as its 32 UTF-8 bytes, the nonce as its ASCII bytes, and the result is
 * base64 of ciphertext followed by the 16-byte tag.
 */
export function encryptV3Resource(
  plaintext: string,
  apiV3Key: string,
  nonce: string,
  associatedData: string,
): string {
  const key = Buffer.from(apiV3Key, "utf8");
  if (key.length !== 32) {
    throw new TypeError(
      `@wxnotify/testing: an APIv3 key must be 32 bytes, got ${key.length}.`,
    );
  }
  // node:crypto accepts any IV length for GCM; KAV-V3-E uses 16 bytes.
  const cipher = createCipheriv("aes-256-gcm", key, Buffer.from(nonce, "utf8"));
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const body = Buffer.concat([
    cipher.update(Buffer.from(plaintext, "utf8")),
    cipher.final(),
  ]);
  return Buffer.concat([body, cipher.getAuthTag()]).toString("base64");
}

/**
 * Encrypts a v2 refund `req_info` (spec §2.2): AES-256-ECB with PKCS#7
 * padding, keyed by the ASCII of the lower-case hex MD5 of the APIv2 key.
 */
export function encryptReqInfo(plaintext: string, apiV2Key: string): string {
  const key = Buffer.from(
    createHash("md5").update(apiV2Key, "utf8").digest("hex"),
    "ascii",
  );
  const cipher = createCipheriv("aes-256-ecb", key, null);
  return Buffer.concat([
    cipher.update(Buffer.from(plaintext, "utf8")),
    cipher.final(),
  ]).toString("base64");
}
