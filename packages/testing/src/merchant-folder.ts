import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TestMerchantKeys } from "./test-merchant-keys.js";
import {
  createTestMerchant,
  testMerchantFromKeys,
  type TestMerchant,
} from "./test-merchant.js";

/** File names inside a merchant folder. */
export const MERCHANT_FILES = {
  /** Ids and symmetric keys, JSON. */
  json: "merchant.json",
  /** WeChat Pay's signing key (PKCS#8 PEM); only the simulator needs it. */
  privateKey: "wechatpay-private-key.pem",
  /** The WeChat Pay public key (SPKI PEM), named in `merchant.json` by its id. */
  publicKey: "wechatpay-public-key.pem",
  /** The self-signed platform certificate. */
  certificate: "platform-certificate.pem",
} as const;

interface MerchantJson {
  mchId: string;
  appId: string;
  apiV2Key: string;
  apiV3Key: string;
  publicKeyId: string;
  certificateSerial: string;
}

/**
 * Writes a test merchant to `dir` (created if needed) as PEM files and a
 * `merchant.json`; with no merchant, generates a fresh one. Returns it.
 */
export function saveTestMerchant(
  dir: string,
  merchant: TestMerchantKeys = createTestMerchant(),
): TestMerchant {
  mkdirSync(dir, { recursive: true });
  const json: MerchantJson = {
    mchId: merchant.mchId,
    appId: merchant.appId,
    apiV2Key: merchant.apiV2Key,
    apiV3Key: merchant.apiV3Key,
    publicKeyId: merchant.publicKeyId,
    certificateSerial: merchant.certificateSerial,
  };
  writeFileSync(
    join(dir, MERCHANT_FILES.json),
    `${JSON.stringify(json, null, 2)}\n`,
  );
  // The private key is WeChat Pay's side of a fake merchant: owner-only anyway.
  writeFileSync(join(dir, MERCHANT_FILES.privateKey), merchant.privateKeyPem, {
    mode: 0o600,
  });
  writeFileSync(join(dir, MERCHANT_FILES.publicKey), merchant.publicKeyPem);
  writeFileSync(join(dir, MERCHANT_FILES.certificate), merchant.certificatePem);
  return testMerchantFromKeys(merchant);
}

/** Reads a test merchant written by {@link saveTestMerchant} (or `wxnotify keys`). */
export function loadTestMerchant(dir: string): TestMerchant {
  const read = (name: string) => readFileSync(join(dir, name), "utf8");
  let json: Partial<MerchantJson>;
  try {
    json = JSON.parse(read(MERCHANT_FILES.json)) as Partial<MerchantJson>;
  } catch (cause) {
    throw new Error(
      `@wxnotify/testing: cannot read ${join(dir, MERCHANT_FILES.json)}; create the folder with \`wxnotify keys --out ${dir}\`.`,
      { cause },
    );
  }
  for (const field of [
    "mchId",
    "appId",
    "apiV2Key",
    "apiV3Key",
    "publicKeyId",
    "certificateSerial",
  ] as const) {
    if (typeof json[field] !== "string") {
      throw new Error(
        `@wxnotify/testing: ${MERCHANT_FILES.json} in ${dir} lacks "${field}".`,
      );
    }
  }
  return testMerchantFromKeys({
    ...(json as MerchantJson),
    privateKeyPem: read(MERCHANT_FILES.privateKey),
    publicKeyPem: read(MERCHANT_FILES.publicKey),
    certificatePem: read(MERCHANT_FILES.certificate),
  });
}
