import {
  createPublicKey,
  generateKeyPairSync,
  randomInt,
  X509Certificate,
} from "node:crypto";
import { createPlatformCertificate } from "./_internal/certificate.js";
import { FIXTURE_KEYS } from "./_internal/fixture-keys.js";
import {
  randomAlphanumeric,
  randomDigits,
  randomHex,
} from "./_internal/random.js";
import type { TestNotifierConfig } from "./notifier-config.js";
import type { TestMerchantKeys } from "./test-merchant-keys.js";
import { createV2Builder, type V2Builder } from "./v2-builder.js";
import { createV3Builder, type V3Builder } from "./v3-builder.js";

/**
 * A fake merchant together with WeChat Pay's side of its keys: `config` is
 * what your notifier takes, `v2`/`v3` build notifications WeChat Pay would
 * send it.
 */
export interface TestMerchant extends TestMerchantKeys {
  /** The configuration `createNotifier` of `@wxnotify/core` takes for this merchant. */
  readonly config: TestNotifierConfig;
  /** The ids and keys alone, as saved by `saveTestMerchant`. */
  readonly keys: TestMerchantKeys;
  /** Builders of v2 XML notifications (paid, refund, scanned). */
  readonly v2: V2Builder;
  /** Builders of signed v3 JSON notifications (paid, refund, any event). */
  readonly v3: V3Builder;
}

const CERTIFICATE_NOT_BEFORE = new Date("2024-01-01T00:00:00Z");
// Before 2050, so that the validity stays a UTCTime every parser reads.
const CERTIFICATE_NOT_AFTER = new Date("2049-12-31T00:00:00Z");

/** A random certificate serial: 40 upper-case hex characters, first byte below 0x80. */
function randomSerial(): string {
  return `${randomInt(1, 8)}${randomHex(39)}`;
}

/** Wraps keys in a {@link TestMerchant}. */
function fromKeys(keys: TestMerchantKeys): TestMerchant {
  const plain: TestMerchantKeys = {
    mchId: keys.mchId,
    appId: keys.appId,
    apiV2Key: keys.apiV2Key,
    apiV3Key: keys.apiV3Key,
    privateKeyPem: keys.privateKeyPem,
    publicKeyPem: keys.publicKeyPem,
    publicKeyId: keys.publicKeyId,
    certificatePem: keys.certificatePem,
    certificateSerial: keys.certificateSerial,
  };
  return Object.freeze({
    ...plain,
    keys: Object.freeze(plain),
    config: {
      mchId: plain.mchId,
      appId: plain.appId,
      apiV2Key: plain.apiV2Key,
      apiV3Key: plain.apiV3Key,
      wechatpayPublicKeys: [{ id: plain.publicKeyId, pem: plain.publicKeyPem }],
      platformCertificates: [plain.certificatePem],
    },
    v2: createV2Builder(plain),
    v3: createV3Builder(plain),
  });
}

/**
 * Creates a test merchant, generating whatever `keys` leaves out: an RSA-2048
 * key (about 100 ms), a self-signed certificate for it, random ids and keys.
 * Prefer {@link testMerchant} in tests: it is fixed and instant.
 */
export function createTestMerchant(
  keys: Partial<TestMerchantKeys> = {},
): TestMerchant {
  let privateKeyPem: string;
  let publicKeyPem: string | undefined = keys.publicKeyPem;
  if (keys.privateKeyPem !== undefined) {
    privateKeyPem = keys.privateKeyPem;
  } else {
    if (publicKeyPem !== undefined) {
      throw new TypeError(
        "@wxnotify/testing: publicKeyPem was given without its privateKeyPem; a test merchant must be able to sign.",
      );
    }
    const pair = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    privateKeyPem = pair.privateKey;
    publicKeyPem = pair.publicKey;
  }
  publicKeyPem ??= createPublicKey(privateKeyPem)
    .export({ type: "spki", format: "pem" })
    .toString();
  let certificatePem: string | undefined = keys.certificatePem;
  let certificateSerial: string | undefined = keys.certificateSerial;
  if (certificatePem === undefined) {
    const serial = certificateSerial ?? randomSerial();
    certificateSerial = serial;
    certificatePem = createPlatformCertificate(privateKeyPem, publicKeyPem, {
      serial,
      notBefore: CERTIFICATE_NOT_BEFORE,
      notAfter: CERTIFICATE_NOT_AFTER,
    });
  }
  certificateSerial ??= new X509Certificate(
    certificatePem,
  ).serialNumber.toUpperCase();
  const apiV3Key = keys.apiV3Key ?? randomAlphanumeric(32);
  if (Buffer.byteLength(apiV3Key, "utf8") !== 32) {
    throw new TypeError(
      "@wxnotify/testing: an APIv3 key must be exactly 32 bytes.",
    );
  }
  return fromKeys({
    mchId: keys.mchId ?? randomDigits(10),
    appId: keys.appId ?? `wx${randomHex(16).toLowerCase()}`,
    apiV2Key: keys.apiV2Key ?? randomAlphanumeric(32),
    apiV3Key,
    privateKeyPem,
    publicKeyPem,
    publicKeyId: keys.publicKeyId ?? `PUB_KEY_ID_${randomDigits(34, true)}`,
    certificatePem,
    certificateSerial,
  });
}

let fixture: TestMerchant | undefined;

/**
 * The built-in test merchant: fixed keys committed with this package, so
 * that tests and examples are fast and deterministic. Never use its keys
 * outside tests: they are public.
 */
export function testMerchant(): TestMerchant {
  fixture ??= fromKeys(FIXTURE_KEYS);
  return fixture;
}

/** Wraps already complete keys (e.g. read from a folder) without generating anything. */
export function testMerchantFromKeys(keys: TestMerchantKeys): TestMerchant {
  return fromKeys(keys);
}
