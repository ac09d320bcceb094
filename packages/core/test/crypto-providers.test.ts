import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createNotifier,
  nodeCryptoProvider,
  type CryptoProvider,
} from "@wxnotify/core";
import { portableCryptoProvider } from "../src/crypto/portable-crypto-provider.js";
import { tamper, testMerchant } from "@wxnotify/testing";
import {
  KAV_V3_A_BODY,
  KAV_V3_A_SIGNATURE,
  KAV_V3_CERTIFICATE,
  KAV_V3_D_CIPHERTEXT,
  KAV_V3_D_PLAINTEXT,
  KAV_V3_PUBLIC_KEY,
} from "./fixtures/kav.js";

const utf8 = (text: string) => new TextEncoder().encode(text);
const base64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));
const merchant = testMerchant();

// One known-answer and round-trip suite, run against every provider.
describe.each([
  ["node", nodeCryptoProvider],
  ["portable", portableCryptoProvider],
] as Array<[string, CryptoProvider]>)("%s crypto provider", (_, crypto) => {
  it("MD5 and HMAC-SHA256 (KAV-V2-1)", async () => {
    const message = utf8(
      "appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&key=192006250b4c09247ec02edce69f6a2d",
    );
    expect(await crypto.md5Hex(message)).toBe(
      "9A0A8659F005D6984697E2CA0A9CF3B7",
    );
    expect(
      await crypto.hmacSha256Hex(
        utf8("192006250b4c09247ec02edce69f6a2d"),
        message,
      ),
    ).toBe("6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6");
    expect(await crypto.hmacSha256Hex(utf8("other"), message)).not.toBe(
      "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6",
    );
    expect(await crypto.md5Hex(utf8("支付测试"))).toBe(
      createHash("md5").update("支付测试").digest("hex").toUpperCase(),
    );
  });

  it("RSA-SHA256 over KAV-V3-A with the public key and the certificate", async () => {
    const message = utf8(
      `1611368330\nAF1404CC2980FB414C99C0B98883BD42\n${KAV_V3_A_BODY}\n`,
    );
    const signature = base64(KAV_V3_A_SIGNATURE);
    const key = await crypto.importRsaPublicKey(KAV_V3_PUBLIC_KEY);
    expect(key.modulusBytes).toBe(256);
    expect(await crypto.verifyRsaSha256(key, message, signature)).toBe(true);
    const certificate = await crypto.parseCertificate(KAV_V3_CERTIFICATE);
    expect(certificate.serial).toBe("9AD59953ADF1BABB");
    expect(certificate.notAfter.toISOString()).toBe("2031-01-23T10:13:30.000Z");
    expect(
      await crypto.verifyRsaSha256(certificate.publicKey, message, signature),
    ).toBe(true);
    const altered = message.slice();
    altered[20]! ^= 1;
    expect(await crypto.verifyRsaSha256(key, altered, signature)).toBe(false);
    expect(
      await crypto.verifyRsaSha256(key, message, signature.subarray(1)),
    ).toBe(false);
  });

  it("refuses what is not a key or certificate", async () => {
    await expect(async () =>
      crypto.importRsaPublicKey(KAV_V3_CERTIFICATE),
    ).rejects.toThrow();
    await expect(async () =>
      crypto.parseCertificate(KAV_V3_PUBLIC_KEY),
    ).rejects.toThrow();
  });

  it("reads the serial of a real platform certificate (KAV-V3-D)", async () => {
    expect((await crypto.parseCertificate(KAV_V3_D_PLAINTEXT)).serial).toBe(
      "19936B4DC6A6C77B05489B10962DEFF42EA065EF",
    );
  });

  it("AES-256-GCM (KAV-V3-D, KAV-V3-E) and its failures", async () => {
    const key = await crypto.importAesGcmKey(
      utf8("f09b03a7a1902b5b4913856f1fd07ab1"),
    );
    const data = base64(KAV_V3_D_CIPHERTEXT);
    const plaintext = await crypto.decryptAesGcm(
      key,
      utf8("aae8c2e79c5b"),
      utf8("certificate"),
      data,
    );
    expect(new TextDecoder().decode(plaintext)).toBe(KAV_V3_D_PLAINTEXT);
    await expect(async () =>
      crypto.decryptAesGcm(key, utf8("aae8c2e79c5b"), utf8(""), data),
    ).rejects.toThrow();
    await expect(async () =>
      crypto.decryptAesGcm(
        key,
        utf8("aae8c2e79c5b"),
        utf8("certificate"),
        data.subarray(0, 15),
      ),
    ).rejects.toThrow();
    const e = await crypto.importAesGcmKey(
      utf8("0123456789abcdef0123456789abcdef"),
    );
    const hello = await crypto.decryptAesGcm(
      e,
      utf8("0123456789abcdef"),
      utf8("world"),
      base64("APoZlYpivU3HjbAiB4CvW1rAFr8J"),
    );
    expect(new TextDecoder().decode(hello)).toBe("hello");
  });

  it("AES-256-ECB with strict PKCS#7 (KAV-V2-3)", async () => {
    const key = utf8(
      createHash("md5").update("foo-merchant-key").digest("hex"),
    );
    const plaintext = await crypto.decryptAesEcb(
      key,
      base64("FTuPWOW4npLOTY8GQp+JtWXKe3ZFa2wsJC6v9gFoATU="),
    );
    expect(new TextDecoder().decode(plaintext)).toBe(
      "<foo><bar>123</bar></foo>",
    );
    await expect(async () =>
      crypto.decryptAesEcb(
        utf8("x".repeat(32)),
        base64("FTuPWOW4npLOTY8GQp+JtWXKe3ZFa2wsJC6v9gFoATU="),
      ),
    ).rejects.toThrow();
  });

  it("constant-time equality and random bytes", () => {
    expect(crypto.timingSafeEqual(utf8("abc"), utf8("abc"))).toBe(true);
    expect(crypto.timingSafeEqual(utf8("abc"), utf8("abd"))).toBe(false);
    expect(crypto.timingSafeEqual(utf8("abc"), utf8("ab"))).toBe(false);
    const random = crypto.randomBytes(16);
    expect(random).toHaveLength(16);
    expect(random).not.toEqual(crypto.randomBytes(16));
  });

  it("round-trips every notification kind through a notifier", async () => {
    const notifier = createNotifier({ ...merchant.config, crypto });
    await notifier.ready();
    const ok = () => true as const;
    expect(
      (
        await notifier.handlePaid(
          merchant.v3.paid({}, { via: "publicKey" }),
          ok,
        )
      ).status,
    ).toBe(204);
    expect(
      (
        await notifier.handlePaid(
          merchant.v3.paid({}, { via: "certificate" }),
          ok,
        )
      ).status,
    ).toBe(204);
    expect(
      (await notifier.handleRefunded(merchant.v3.refund(), ok)).status,
    ).toBe(204);
    expect(
      (
        await notifier.handleEvent(
          merchant.v3.event("PROFITSHARING.SUCCESS"),
          ok,
        )
      ).status,
    ).toBe(204);
    for (const signType of ["MD5", "HMAC-SHA256"] as const) {
      const reply = await notifier.handlePaid(
        merchant.v2.paid({}, { signType }),
        ok,
      );
      expect(reply.body).toContain("SUCCESS");
    }
    expect(
      (await notifier.handleRefunded(merchant.v2.refund(), ok)).body,
    ).toContain("SUCCESS");
    const scan = await notifier.handleScanned(
      merchant.v2.scanned(),
      () => "prepay-7",
    );
    expect(scan.body).toContain("prepay-7");
    expect(
      (await notifier.handlePaid(tamper.flipByte(merchant.v3.paid()), ok))
        .status,
    ).toBe(401);
    expect(
      (await notifier.handlePaid(tamper.wrongApiV3Key(merchant.v3.paid()), ok))
        .status,
    ).toBe(401);
    expect(
      (
        await notifier.handleRefunded(
          tamper.wrongApiV2Key(merchant.v2.refund()),
          ok,
        )
      ).status,
    ).toBe(401);
  });
});

describe("portable start-up errors", () => {
  it("throws at creation for what is not a PEM at all", () => {
    expect(() =>
      createNotifier({
        ...merchant.config,
        wechatpayPublicKeys: [{ id: "PUB_KEY_ID_01", pem: "garbage" }],
        crypto: portableCryptoProvider,
      }),
    ).toThrow(/wechatpayPublicKeys\[0\]/);
  });

  it("surfaces a key WebCrypto refuses on ready() and answers with a retryable failure", async () => {
    const notifier = createNotifier({
      ...merchant.config,
      wechatpayPublicKeys: [
        {
          id: "PUB_KEY_ID_01",
          pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
        },
      ],
      crypto: portableCryptoProvider,
    });
    await expect(notifier.ready()).rejects.toThrow(/wechatpayPublicKeys\[0\]/);
    const reply = await notifier.handlePaid(merchant.v3.paid(), () => true);
    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.body).message).toBe("configuration_invalid");
  });
});
