import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createNotifier,
  nodeCryptoProvider,
  signV2,
  v2StringToSign,
  type NotifierConfig,
  type WxNotifyError,
} from "@wxnotify/core";
import {
  KAV_V2_4_XML,
  KAV_V3_A_BODY,
  KAV_V3_A_PLAINTEXT,
  KAV_V3_A_SIGNATURE,
  KAV_V3_CERTIFICATE,
  KAV_V3_D_CIPHERTEXT,
  KAV_V3_D_PLAINTEXT,
  KAV_V3_PUBLIC_KEY,
} from "./fixtures/kav.js";

const crypto = nodeCryptoProvider;
const utf8 = (text: string) => new TextEncoder().encode(text);

async function rejection(promise: Promise<unknown>): Promise<WxNotifyError> {
  try {
    await promise;
  } catch (error) {
    return error as WxNotifyError;
  }
  throw new Error("expected a rejection");
}

describe("KAV-V2-1: official signing example", () => {
  const key = "192006250b4c09247ec02edce69f6a2d";
  const fields = {
    appid: "wxd930ea5d5a258f4f",
    mch_id: "10000100",
    device_info: "1000",
    body: "test",
    nonce_str: "ibuaiVcKdpRxkhJA",
  };

  it("builds stringA in byte order with &key= appended", () => {
    expect(v2StringToSign(fields, key)).toBe(
      "appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&key=192006250b4c09247ec02edce69f6a2d",
    );
  });

  it("signs with MD5 and HMAC-SHA256", async () => {
    expect(await signV2(crypto, fields, key, "MD5")).toBe(
      "9A0A8659F005D6984697E2CA0A9CF3B7",
    );
    expect(await signV2(crypto, fields, key, "HMAC-SHA256")).toBe(
      "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6",
    );
  });
});

describe("KAV-V2-2: EasyWeChat paid fixture", () => {
  const key = "88888888888888888888888888888888";

  it("signs the fixture's single field to the published sign", async () => {
    expect(await signV2(crypto, { foo: "bar" }, key, "MD5")).toBe(
      "834A25C9A5B48305AB997C9A7E101530",
    );
    // The sign field itself is never part of the signed string.
    expect(
      await signV2(crypto, { foo: "bar", sign: "invalid-sign" }, key, "MD5"),
    ).toBe("834A25C9A5B48305AB997C9A7E101530");
  });

  it("refuses the fixture before any sign check, since it has no return_code", async () => {
    const notifier = createNotifier({ mchId: "1", apiV2Key: key });
    const error = await rejection(
      notifier.verify({
        body: "<xml>\n<foo>bar</foo>\n<sign>834A25C9A5B48305AB997C9A7E101530</sign>\n</xml>",
        headers: {},
      }),
    );
    expect(error.code).toBe("communication_failure");
  });
});

describe("KAV-V2-3: EasyWeChat refund fixture", () => {
  it("signs foo=bar with MD5", async () => {
    expect(
      await signV2(crypto, { foo: "bar" }, "foo-merchant-key", "MD5"),
    ).toBe("280F9CB28E99DC917792FCC7AC1B88C4");
  });

  it("decrypts req_info with AES-256-ECB under the MD5-hex key", async () => {
    const key = utf8(
      createHash("md5").update("foo-merchant-key").digest("hex"),
    );
    expect(new TextDecoder().decode(key)).toBe(
      "d3a7dd2e9dc11a36f4d4beacb9e23cd5",
    );
    const plaintext = await crypto.decryptAesEcb(
      key,
      Buffer.from("FTuPWOW4npLOTY8GQp+JtWXKe3ZFa2wsJC6v9gFoATU=", "base64"),
    );
    expect(new TextDecoder().decode(plaintext)).toBe(
      "<foo><bar>123</bar></foo>",
    );
  });

  it("refuses the upper-case hex or raw-digest key", async () => {
    const data = Buffer.from(
      "FTuPWOW4npLOTY8GQp+JtWXKe3ZFa2wsJC6v9gFoATU=",
      "base64",
    );
    const upper = utf8(
      createHash("md5").update("foo-merchant-key").digest("hex").toUpperCase(),
    );
    expect(() => crypto.decryptAesEcb(upper, data)).toThrow();
  });
});

describe("KAV-V2-4: realistic payment with coupon, CDATA mix, empty field, leading zeros", () => {
  const apiV2Key = "192006250b4c09247ec02edce69f6a2d";
  const notifier = createNotifier({ mchId: "10000100", apiV2Key });
  const HMAC =
    "ACE61ABAF8D462DCE5A5AA80E8B9347BB937A1903544B21A24FE0674C7CC5A7F";
  const HMAC_WITH_TYPE =
    "542D5076DBA28E6DA41011B075633BA995CCC35AE68D9618AB50EAE0EFE414C9";
  const MD5 = "BEA28B81162FB7E640869832CA16F749";

  it("verifies the MD5 sign and keeps every value a string", async () => {
    const message = await notifier.verify(
      { method: "POST", headers: {}, body: utf8(KAV_V2_4_XML) },
      { expect: "paid" },
    );
    expect(message.version).toBe("v2");
    if (message.version !== "v2") return;
    expect(message.signType).toBe("MD5");
    expect(message.fields.out_trade_no).toBe("0001409811653");
    expect(message.fields.transaction_id).toBe("1004400740201409030005092168");
    expect(message.fields.total_fee).toBe("100");
    expect(message.fields.device_info).toBe("");
    expect(message.fields.attach).toBe("支付测试");
    expect(message.coupons).toEqual([{ id: "10000", type: "CASH", fee: "10" }]);
    expect(message.summary).toEqual({
      outTradeNo: "0001409811653",
      transactionId: "1004400740201409030005092168",
      amountFen: 100,
      currency: "CNY",
      succeeded: true,
    });
  });

  it("verifies the HMAC sign without sign_type (64 chars imply HMAC)", async () => {
    const message = await notifier.verify({
      headers: {},
      body: KAV_V2_4_XML.replace(MD5, HMAC),
    });
    expect(
      message.version === "v2" && message.kind === "paid" && message.signType,
    ).toBe("HMAC-SHA256");
  });

  it("verifies the HMAC sign with sign_type, which is signed", async () => {
    const xml = KAV_V2_4_XML.replace(MD5, HMAC_WITH_TYPE).replace(
      "<time_end>",
      "<sign_type><![CDATA[HMAC-SHA256]]></sign_type><time_end>",
    );
    await expect(
      notifier.verify({ headers: {}, body: xml }),
    ).resolves.toMatchObject({
      signType: "HMAC-SHA256",
    });
    // Negative check: the sign computed without sign_type must not verify.
    const error = await rejection(
      notifier.verify({ headers: {}, body: xml.replace(HMAC_WITH_TYPE, HMAC) }),
    );
    expect(error.code).toBe("signature_invalid");
  });

  it("fails when out_trade_no is read as a number", async () => {
    const xml = KAV_V2_4_XML.replace("0001409811653", "1409811653");
    expect(
      (await rejection(notifier.verify({ headers: {}, body: xml }))).code,
    ).toBe("signature_invalid");
  });

  it("fails when the empty device_info is signed", async () => {
    const fields = {
      device_info: "",
    };
    // Signing `device_info=` into stringA gives a different sign.
    const withEmpty =
      "appid=wx2421b1c4370ec43b&attach=支付测试&bank_type=CFT&cash_fee=90&coupon_count=1&coupon_fee=10&coupon_fee_0=10&coupon_id_0=10000&coupon_type_0=CASH&device_info=&fee_type=CNY&is_subscribe=Y&mch_id=10000100&nonce_str=5d2b6c2a8db53831f7eda20af46e531c&openid=oUpF8uMEb4qRXf22hE3X68TekukE&out_trade_no=0001409811653&result_code=SUCCESS&return_code=SUCCESS&time_end=20140903131540&total_fee=100&trade_type=JSAPI&transaction_id=1004400740201409030005092168&key=" +
      apiV2Key;
    const wrongSign = createHash("md5")
      .update(withEmpty)
      .digest("hex")
      .toUpperCase();
    expect(wrongSign).not.toBe(MD5);
    expect(fields.device_info).toBe("");
    const error = await rejection(
      notifier.verify({
        headers: {},
        body: KAV_V2_4_XML.replace(MD5, wrongSign),
      }),
    );
    expect(error.code).toBe("signature_invalid");
  });

  it("fails with a wrong APIv2 key and says what to check", async () => {
    const other = createNotifier({
      mchId: "10000100",
      apiV2Key: "x".repeat(32),
    });
    const error = await rejection(
      other.verify({ headers: {}, body: KAV_V2_4_XML }),
    );
    expect(error.code).toBe("signature_invalid");
    expect(error.message).toContain("apiV2Key");
    expect(error.message).not.toContain("x".repeat(32));
  });
});

describe("KAV-V3-A: TRANSACTION.SUCCESS", () => {
  const timestamp = "1611368330";
  const headers = {
    "Wechatpay-Timestamp": timestamp,
    "Wechatpay-Nonce": "AF1404CC2980FB414C99C0B98883BD42",
    "Wechatpay-Serial": "477ED0046A54F0360A72A63A8F2816312AAEAB53",
    "Wechatpay-Signature": KAV_V3_A_SIGNATURE,
  };
  const base: NotifierConfig = {
    mchId: "1601959334",
    apiV3Key: "AES256Key-32Characters1234567890",
    now: () => Number(timestamp) * 1000,
  };
  const byCertificate = createNotifier({
    ...base,
    platformCertificates: [
      {
        pem: KAV_V3_CERTIFICATE,
        serial: "477ED0046A54F0360A72A63A8F2816312AAEAB53",
      },
    ],
  });
  const publicKeyId = "PUB_KEY_ID_0000000000000000000000000000000001";
  const byPublicKey = createNotifier({
    ...base,
    wechatpayPublicKeys: [{ id: publicKeyId, pem: KAV_V3_PUBLIC_KEY }],
  });

  it("verifies with the platform certificate and decrypts the exact plaintext", async () => {
    const message = await byCertificate.verify(
      { method: "POST", headers, body: utf8(KAV_V3_A_BODY) },
      { expect: "paid" },
    );
    expect(message.version).toBe("v3");
    if (message.version !== "v3") return;
    expect(message.resource).toEqual(JSON.parse(KAV_V3_A_PLAINTEXT));
    expect(message.envelope.id).toBe("b62e271c-3389-58a0-8146-4a704966e8f1");
    expect(message.summary).toEqual({
      outTradeNo: "S20210128170702357723",
      transactionId: "4200000925202101284997714292",
      amountFen: 1,
      currency: "CNY",
      succeeded: true,
    });
  });

  it("verifies with the same key registered as a WeChat Pay public key", async () => {
    const message = await byPublicKey.verify({
      headers: { ...headers, "Wechatpay-Serial": publicKeyId },
      body: KAV_V3_A_BODY,
    });
    expect(message.kind).toBe("event");
    if (message.kind !== "event" || message.version !== "v3") return;
    expect(message.known).toBe(true);
    expect(message.eventType).toBe("TRANSACTION.SUCCESS");
    expect(message.serial).toBe(publicKeyId);
  });

  it("reads the header names case-insensitively", async () => {
    const lower = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [
        name.toLowerCase(),
        value,
      ]),
    );
    await expect(
      byCertificate.verify({
        headers: new Headers(lower),
        body: KAV_V3_A_BODY,
      }),
    ).resolves.toMatchObject({ kind: "event" });
  });

  it.each([
    [
      "a body byte changed",
      { body: KAV_V3_A_BODY.replace("支付成功", "支付失败") },
      "signature_invalid",
    ],
    [
      "the body re-serialized with spaces",
      { body: JSON.stringify(JSON.parse(KAV_V3_A_BODY), null, 2) },
      "signature_invalid",
    ],
    [
      "the nonce changed",
      {
        headers: {
          ...headers,
          "Wechatpay-Nonce": "AF1404CC2980FB414C99C0B98883BD43",
        },
      },
      "signature_invalid",
    ],
    [
      "the timestamp changed by one second",
      { headers: { ...headers, "Wechatpay-Timestamp": "1611368331" } },
      "signature_invalid",
    ],
    [
      "the signature truncated",
      {
        headers: {
          ...headers,
          "Wechatpay-Signature": KAV_V3_A_SIGNATURE.slice(0, -4),
        },
      },
      "signature_invalid",
    ],
    [
      "a probe signature",
      {
        headers: {
          ...headers,
          "Wechatpay-Signature": `WECHATPAY/SIGNTEST/${KAV_V3_A_SIGNATURE.slice(0, 40)}`,
        },
      },
      "signature_probe",
    ],
    [
      "an unknown serial",
      {
        headers: {
          ...headers,
          "Wechatpay-Serial": "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
        },
      },
      "unknown_serial",
    ],
  ])("refuses %s", async (_, change, code) => {
    const request = { headers, body: KAV_V3_A_BODY, ...change };
    const error = await rejection(byCertificate.verify(request));
    expect(error.code).toBe(code);
  });

  it("lists the known serials when the serial is unknown", async () => {
    const error = await rejection(
      byCertificate.verify({
        headers: { ...headers, "Wechatpay-Serial": "ABCDEF" },
        body: KAV_V3_A_BODY,
      }),
    );
    expect(error.message).toContain("477ED0046A54F0360A72A63A8F2816312AAEAB53");
  });

  it("refuses a stale timestamp with the skew in the message", async () => {
    const late = createNotifier({
      ...base,
      platformCertificates: [
        { pem: KAV_V3_CERTIFICATE, serial: headers["Wechatpay-Serial"] },
      ],
      now: () => (Number(timestamp) + 301) * 1000,
    });
    const error = await rejection(
      late.verify({ headers, body: KAV_V3_A_BODY }),
    );
    expect(error.code).toBe("timestamp_out_of_range");
    expect(error.message).toContain("301 s in the past");
  });

  it("refuses a wrong APIv3 key after the signature verified", async () => {
    const wrongKey = createNotifier({
      ...base,
      apiV3Key: "BES256Key-32Characters1234567890",
      platformCertificates: [
        { pem: KAV_V3_CERTIFICATE, serial: headers["Wechatpay-Serial"] },
      ],
    });
    const error = await rejection(
      wrongKey.verify({ headers, body: KAV_V3_A_BODY }),
    );
    expect(error.code).toBe("decryption_failed");
    expect(error.message).toContain("apiV3Key");
    expect(error.message).not.toContain("BES256Key");
  });
});

describe("KAV-V3-D: AES-256-GCM platform certificate decryption", () => {
  it("decrypts to the published certificate", async () => {
    const key = await crypto.importAesGcmKey(
      utf8("f09b03a7a1902b5b4913856f1fd07ab1"),
    );
    const plaintext = await crypto.decryptAesGcm(
      key,
      utf8("aae8c2e79c5b"),
      utf8("certificate"),
      Buffer.from(KAV_V3_D_CIPHERTEXT, "base64"),
    );
    const text = new TextDecoder().decode(plaintext);
    expect(text).toBe(KAV_V3_D_PLAINTEXT);
    expect(createHash("sha256").update(plaintext).digest("hex")).toBe(
      "522c6a3c1dcb0f78f0f61e88bde8d14560a3e3fdabce72bff8afc924144af32f",
    );
    const certificate = await crypto.parseCertificate(text);
    expect(certificate.serial).toBe("19936B4DC6A6C77B05489B10962DEFF42EA065EF");
  });

  it("refuses a wrong AAD", async () => {
    const key = await crypto.importAesGcmKey(
      utf8("f09b03a7a1902b5b4913856f1fd07ab1"),
    );
    expect(() =>
      crypto.decryptAesGcm(
        key,
        utf8("aae8c2e79c5b"),
        utf8("certificatf"),
        Buffer.from(KAV_V3_D_CIPHERTEXT, "base64"),
      ),
    ).toThrow();
  });
});

describe("KAV-V3-E: AES-256-GCM with a 16-byte IV", () => {
  it("decrypts the published values", async () => {
    const key = await crypto.importAesGcmKey(
      utf8("0123456789abcdef0123456789abcdef"),
    );
    const iv = utf8("0123456789abcdef");
    const hello = await crypto.decryptAesGcm(
      key,
      iv,
      utf8("world"),
      Buffer.from("APoZlYpivU3HjbAiB4CvW1rAFr8J", "base64"),
    );
    expect(new TextDecoder().decode(hello)).toBe("hello");
    const empty = await crypto.decryptAesGcm(
      key,
      iv,
      utf8(""),
      Buffer.from("GvpmmdtYwexXIPhySs9Tlg==", "base64"),
    );
    expect(empty.length).toBe(0);
  });
});
