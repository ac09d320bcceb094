/** A value or a promise of it: WebCrypto is asynchronous, node:crypto is not. */
export type MaybePromise<T> = T | Promise<T>;

/** An RSA public key prepared once by a provider, used for every verification. */
export interface RsaVerifyKey {
  /** Modulus size in bytes: a valid signature has exactly this length. */
  readonly modulusBytes: number;
  /** The provider's own key object. */
  readonly handle: unknown;
}

/** A platform certificate parsed by a provider. */
export interface ParsedCertificate {
  /** Serial number as upper-case hex without leading zero bytes, as WeChat Pay sends it. */
  readonly serial: string;
  /** End of validity. */
  readonly notAfter: Date;
  /** The certificate's RSA public key. */
  readonly publicKey: RsaVerifyKey;
}

/** An AES key prepared once by a provider. */
export interface AesKey {
  /** The provider's own key object. */
  readonly handle: unknown;
}

/**
 * The cryptography the core needs, behind one small interface so that a
 * runtime without node:crypto can bring its own. Keys are imported once, when
 * the notifier is created; the per-request calls take the imported keys.
 *
 * Decryption methods throw on any failure (bad tag, bad padding); the core
 * turns that into a typed {@link DecryptionError}.
 */
export interface CryptoProvider {
  /** Name shown in diagnostics, e.g. `"node"`. */
  readonly name: string;
  /** Upper-case hex MD5 digest of `data`. */
  md5Hex(data: Uint8Array): MaybePromise<string>;
  /** Upper-case hex HMAC-SHA256 of `data` under `key`. */
  hmacSha256Hex(key: Uint8Array, data: Uint8Array): MaybePromise<string>;
  /** Imports a PEM `PUBLIC KEY` (SPKI) RSA key. Throws if it is not one. */
  importRsaPublicKey(pem: string): MaybePromise<RsaVerifyKey>;
  /** Parses a PEM `CERTIFICATE`. Throws if it is not one with an RSA key. */
  parseCertificate(pem: string): MaybePromise<ParsedCertificate>;
  /** RSASSA-PKCS1-v1_5 with SHA-256. Returns false (never throws) when the signature does not verify. */
  verifyRsaSha256(
    key: RsaVerifyKey,
    data: Uint8Array,
    signature: Uint8Array,
  ): MaybePromise<boolean>;
  /** Imports a 32-byte AES-256 key for GCM. */
  importAesGcmKey(key: Uint8Array): MaybePromise<AesKey>;
  /** AES-256-GCM decrypt; `data` is ciphertext followed by the 16-byte tag. */
  decryptAesGcm(
    key: AesKey,
    iv: Uint8Array,
    aad: Uint8Array,
    data: Uint8Array,
  ): MaybePromise<Uint8Array>;
  /** AES-256-ECB decrypt with strict PKCS#7 unpadding. */
  decryptAesEcb(key: Uint8Array, data: Uint8Array): MaybePromise<Uint8Array>;
  /** Constant-time equality of two byte strings (false when lengths differ). */
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
  /** Cryptographically random bytes. */
  randomBytes(length: number): Uint8Array;
}
