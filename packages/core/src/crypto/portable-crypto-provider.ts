import forge from "node-forge";
import type {
  AesKey,
  CryptoProvider,
  ParsedCertificate,
  RsaVerifyKey,
} from "./crypto-provider.js";

// WebCrypto has RSA verification, AES-GCM and HMAC but no MD5, no AES-ECB and
// no X.509 parsing: node-forge covers those three, nothing else.
const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

const RSA = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;

function toBinary(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return binary;
}

function fromBinary(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** WebCrypto wants an ArrayBuffer-backed view. */
function view(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer
    ? (bytes as Uint8Array<ArrayBuffer>)
    : new Uint8Array(bytes);
}

function pemBody(pem: string, label: string): Uint8Array {
  const match = new RegExp(
    `-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`,
  ).exec(pem);
  if (!match) throw new Error(`not a PEM "${label}"`);
  return fromBinary(atob(match[1]!.replace(/\s+/g, "")));
}

async function importSpki(der: Uint8Array): Promise<RsaVerifyKey> {
  const key = await subtle().importKey("spki", view(der), RSA, false, [
    "verify",
  ]);
  const { modulusLength } = key.algorithm as RsaHashedKeyAlgorithm;
  return { modulusBytes: Math.ceil(modulusLength / 8), handle: key };
}

function strictPkcs7Unpad(block: Uint8Array): Uint8Array {
  const count = block[block.length - 1] ?? 0;
  if (count < 1 || count > 16 || count > block.length) {
    throw new Error("bad padding");
  }
  for (let i = block.length - count; i < block.length; i++) {
    if (block[i] !== count) throw new Error("bad padding");
  }
  return block.subarray(0, block.length - count);
}

let hmacCache: { raw: string; key: Promise<CryptoKey> } | undefined;

/**
 * A provider for runtimes without node:crypto (Workers, Deno, Bun, edge
 * functions): WebCrypto for RSA, AES-GCM and HMAC; node-forge for MD5,
 * AES-ECB and X.509.
 */
export const portableCryptoProvider: CryptoProvider = {
  name: "portable",
  md5Hex(data) {
    const md = forge.md.md5.create();
    md.update(toBinary(data));
    return md.digest().toHex().toUpperCase();
  },
  async hmacSha256Hex(key, data) {
    // The APIv2 key is the same on every request: import it once.
    const raw = toBinary(key);
    if (hmacCache?.raw !== raw) {
      hmacCache = {
        raw,
        key: subtle().importKey(
          "raw",
          view(key),
          { name: "HMAC", hash: "SHA-256" },
          false,
          ["sign"],
        ),
      };
    }
    const mac = new Uint8Array(
      await subtle().sign("HMAC", await hmacCache.key, view(data)),
    );
    let hex = "";
    for (const byte of mac) hex += byte.toString(16).padStart(2, "0");
    return hex.toUpperCase();
  },
  importRsaPublicKey(pem) {
    return importSpki(pemBody(pem, "PUBLIC KEY"));
  },
  async parseCertificate(pem): Promise<ParsedCertificate> {
    const certificate = forge.pki.certificateFromPem(pem);
    const publicKey = certificate.publicKey as forge.pki.rsa.PublicKey;
    if (!publicKey || typeof publicKey.n !== "object") {
      throw new Error("the certificate's key is not RSA");
    }
    const der = forge.asn1
      .toDer(forge.pki.publicKeyToAsn1(publicKey))
      .getBytes();
    return {
      serial: certificate.serialNumber
        .toUpperCase()
        .replace(/^(?:00)+(?=[0-9A-F])/, ""),
      notAfter: certificate.validity.notAfter,
      publicKey: await importSpki(fromBinary(der)),
    };
  },
  async verifyRsaSha256(key, data, signature) {
    try {
      return await subtle().verify(
        RSA,
        key.handle as CryptoKey,
        view(signature),
        view(data),
      );
    } catch {
      return false;
    }
  },
  async importAesGcmKey(key): Promise<AesKey> {
    const handle = await subtle().importKey(
      "raw",
      view(key),
      { name: "AES-GCM" },
      false,
      ["decrypt"],
    );
    return { handle };
  },
  async decryptAesGcm(key, iv, aad, data) {
    if (data.length < 16) throw new Error("ciphertext shorter than the tag");
    const plaintext = await subtle().decrypt(
      {
        name: "AES-GCM",
        iv: view(iv),
        additionalData: view(aad),
        tagLength: 128,
      },
      key.handle as CryptoKey,
      view(data),
    );
    return new Uint8Array(plaintext);
  },
  decryptAesEcb(key, data) {
    if (data.length === 0 || data.length % 16 !== 0) {
      throw new Error("not whole AES blocks");
    }
    const decipher = forge.cipher.createDecipher(
      "AES-ECB",
      forge.util.createBuffer(toBinary(key)),
    );
    decipher.start({});
    decipher.update(forge.util.createBuffer(toBinary(data)));
    // forge's own unpadding does not check every padding byte: unpad here.
    const finish = decipher as unknown as {
      finish(unpad: () => boolean): boolean;
    };
    if (!finish.finish(() => true)) throw new Error("decryption failed");
    return strictPkcs7Unpad(fromBinary(decipher.output.getBytes()));
  },
  timingSafeEqual(a, b) {
    if (a.length !== b.length) return false;
    let difference = 0;
    for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
    return difference === 0;
  },
  randomBytes(length) {
    return globalThis.crypto.getRandomValues(new Uint8Array(length));
  },
};
