import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNotifier } from "@wxnotify/core";
import {
  MERCHANT_FILES,
  saveTestMerchant,
  testMerchant,
} from "@wxnotify/testing";
import { afterAll, describe, expect, it } from "vitest";
import {
  configFromEnv,
  createShop,
  listenAddressFromEnv,
} from "../src/index.js";

describe("configFromEnv", () => {
  const dir = mkdtempSync(join(tmpdir(), "wxnotify-shop-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("uses the built-in test merchant when no WECHATPAY_* is set, and says so", () => {
    const loaded = configFromEnv({ PORT: "8080" });
    expect(loaded.testMerchant).toBe(true);
    expect(loaded.config.mchId).toBe(testMerchant().mchId);
    expect(loaded.description).toMatch(/built-in test merchant/);
  });

  it("reads the merchant and its PEM files from the environment", async () => {
    const merchant = saveTestMerchant(dir);
    const loaded = configFromEnv({
      WECHATPAY_MCHID: merchant.mchId,
      WECHATPAY_APPID: merchant.appId,
      WECHATPAY_API_KEY: merchant.apiV2Key,
      WECHATPAY_APIV3_KEY: merchant.apiV3Key,
      WECHATPAY_PUBLIC_KEY_ID: merchant.publicKeyId,
      WECHATPAY_PUBLIC_KEY_FILE: join(dir, MERCHANT_FILES.publicKey),
      WECHATPAY_PLATFORM_CERT_FILES: ` ${join(dir, MERCHANT_FILES.certificate)} ,`,
    });
    expect(loaded.testMerchant).toBe(false);
    expect(loaded.description).toContain(merchant.mchId);
    const notifier = createNotifier(loaded.config);
    const ok = async () => true as const;
    for (const request of [
      merchant.v3.paid(),
      merchant.v3.paid({}, { via: "certificate" }),
      merchant.v2.paid(),
    ]) {
      expect((await notifier.handlePaid(request, ok)).status).toBeLessThan(300);
    }
  });

  it("explains what is missing", () => {
    expect(() => configFromEnv({ WECHATPAY_APIV3_KEY: "x" })).toThrow(
      /WECHATPAY_MCHID is required/,
    );
    expect(() =>
      configFromEnv({
        WECHATPAY_MCHID: "1",
        WECHATPAY_PUBLIC_KEY_ID: "PUB_KEY_ID_1",
      }),
    ).toThrow(/go together/);
    expect(() =>
      configFromEnv({
        WECHATPAY_MCHID: "1",
        WECHATPAY_PLATFORM_CERT_FILES: join(dir, "missing.pem"),
      }),
    ).toThrow(/WECHATPAY_PLATFORM_CERT_FILES: cannot read/);
  });
});

describe("listenAddressFromEnv", () => {
  it("defaults to 127.0.0.1:3000 and reads PORT and HOST", () => {
    expect(listenAddressFromEnv({})).toEqual({ port: 3000, host: "127.0.0.1" });
    expect(listenAddressFromEnv({ PORT: "0", HOST: "::" })).toEqual({
      port: 0,
      host: "::",
    });
    expect(() => listenAddressFromEnv({ PORT: "http" })).toThrow(/PORT/);
  });
});

describe("createShop's order API", () => {
  const shop = createShop({ env: {}, log: () => undefined });

  it("validates the order it creates", () => {
    for (const input of [
      undefined,
      "ORDER-1",
      { out_trade_no: "ORDER-1" },
      { out_trade_no: "ORDER-1", amount: 0 },
      { out_trade_no: "ORDER-1", amount: "100" },
      { out_trade_no: "short", amount: 100 },
      { out_trade_no: "ORDER 1", amount: 100 },
    ]) {
      expect(shop.createOrder(input).status).toBe(400);
    }
    expect(shop.createOrder({ out_trade_no: "ORDER-1", amount: 100 })).toEqual({
      status: 201,
      body: { out_trade_no: "ORDER-1", amount: 100, status: "created" },
    });
  });
});
