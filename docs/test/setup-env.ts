/**
 * The snippets read their keys from the environment, as an application
 * would: give them the built-in test merchant's, written to a folder like
 * real key files.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  MERCHANT_FILES,
  saveTestMerchant,
  testMerchant,
} from "@wxnotify/testing";

const dir = mkdtempSync(join(tmpdir(), "wxnotify-docs-"));
const merchant = saveTestMerchant(dir, testMerchant().keys);
const publicKeyFile = join(dir, MERCHANT_FILES.publicKey);

Object.assign(process.env, {
  WECHATPAY_MCHID: merchant.mchId,
  WECHATPAY_APPID: merchant.appId,
  WECHATPAY_APIV3_KEY: merchant.apiV3Key,
  WECHATPAY_API_KEY: merchant.apiV2Key,
  WECHATPAY_PUBLIC_KEY_ID: merchant.publicKeyId,
  WECHATPAY_PUBLIC_KEY_FILE: publicKeyFile,
  WECHATPAY_PLATFORM_CERT_FILES: join(dir, MERCHANT_FILES.certificate),
  NUXT_WECHATPAY_MCHID: merchant.mchId,
  NUXT_WECHATPAY_APIV3_KEY: merchant.apiV3Key,
  NUXT_WECHATPAY_API_KEY: merchant.apiV2Key,
  NUXT_WECHATPAY_PUBLIC_KEY_ID: merchant.publicKeyId,
  NUXT_WECHATPAY_PUBLIC_KEY: readFileSync(publicKeyFile, "utf8"),
});
