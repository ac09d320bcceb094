import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createTestMerchant,
  KNOWN_EVENT_TYPES,
  loadTestMerchant,
  saveTestMerchant,
  testMerchant,
  toV2Xml,
} from "../src/index.js";
import {
  header,
  v2DecryptReqInfo,
  v2Fields,
  v2SignValid,
  v3Decrypt,
  v3SignatureValid,
} from "./_verify.js";

const m = testMerchant();
const NOW = Date.parse("2025-03-01T12:00:00+08:00");

describe("test merchant", () => {
  it("the fixture is fixed and consistent", () => {
    expect(testMerchant()).toBe(m);
    expect(m.mchId).toMatch(/^\d{10}$/);
    expect(m.appId).toMatch(/^wx[0-9a-f]{16}$/);
    expect(m.apiV3Key).toHaveLength(32);
    expect(m.apiV2Key).toHaveLength(32);
    expect(m.publicKeyId).toMatch(/^PUB_KEY_ID_\d{34}$/);
    const cert = new X509Certificate(m.certificatePem);
    expect(cert.serialNumber.toUpperCase()).toBe(m.certificateSerial);
    expect(m.certificateSerial).toMatch(/^[0-7][0-9A-F]{39}$/);
    expect(cert.publicKey.export({ type: "spki", format: "pem" })).toBe(
      m.publicKeyPem,
    );
  });

  it("config is the notifier config", () => {
    expect(m.config).toEqual({
      mchId: m.mchId,
      appId: m.appId,
      apiV2Key: m.apiV2Key,
      apiV3Key: m.apiV3Key,
      wechatpayPublicKeys: [{ id: m.publicKeyId, pem: m.publicKeyPem }],
      platformCertificates: [m.certificatePem],
    });
  });

  it("creates fresh merchants whose certificate serial parses back", () => {
    const fresh = createTestMerchant();
    expect(fresh.mchId).not.toBe(m.mchId);
    expect(new X509Certificate(fresh.certificatePem).serialNumber).toBe(
      fresh.certificateSerial,
    );
    const n = fresh.v3.paid({}, { via: "certificate" });
    expect(n.serial).toBe(fresh.certificateSerial);
    expect(v3SignatureValid(n, fresh.certificatePem)).toBe(true);
  });

  it("saves to and loads from a folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "wxnotify-keys-"));
    try {
      const saved = saveTestMerchant(dir, m);
      const loaded = loadTestMerchant(dir);
      expect(loaded.keys).toEqual(m.keys);
      expect(loaded.config).toEqual(saved.config);
      expect(() => loadTestMerchant(join(dir, "nope"))).toThrow(
        /wxnotify keys/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("v3 builders", () => {
  it("paid: exact headers, valid signature, decryptable resource", () => {
    const n = m.v3.paid(
      { out_trade_no: "A1", amount: { total: 250 } },
      { now: NOW },
    );
    expect(n.method).toBe("POST");
    expect(Object.keys(n.headers)).toEqual([
      "Content-Type",
      "Wechatpay-Nonce",
      "Wechatpay-Serial",
      "Wechatpay-Signature",
      "Wechatpay-Signature-Type",
      "Wechatpay-Timestamp",
    ]);
    expect(n.headers["Content-Type"]).toBe("application/json");
    expect(n.headers["Wechatpay-Timestamp"]).toBe(String(NOW / 1000));
    expect(n.headers["Wechatpay-Nonce"]).toMatch(/^[0-9A-F]{32}$/);
    expect(n.headers["Wechatpay-Serial"]).toBe(m.publicKeyId);
    expect(n.headers["Wechatpay-Signature-Type"]).toBe(
      "WECHATPAY2-SHA256-RSA2048",
    );
    expect(v3SignatureValid(n, m.publicKeyPem)).toBe(true);
    const resource = v3Decrypt(n.bodyText, m.apiV3Key) as Record<string, any>;
    expect(resource).toEqual(n.resource);
    expect(resource.out_trade_no).toBe("A1");
    expect(resource.mchid).toBe(m.mchId);
    expect(resource.amount).toEqual({
      total: 250,
      payer_total: 250,
      currency: "CNY",
      payer_currency: "CNY",
    });
    expect(resource.success_time).toBe("2025-03-01T12:00:00+08:00");
    expect(Object.keys(JSON.parse(n.bodyText))).toEqual([
      "id",
      "create_time",
      "resource_type",
      "event_type",
      "summary",
      "resource",
    ]);
    expect(n.envelope.resource.nonce).toHaveLength(12);
    expect(n.envelope.create_time).toBe("2025-03-01T12:00:00+08:00");
  });

  it("overrides deep-merge and undefined removes", () => {
    const n = m.v3.paid({
      amount: { payer_total: 90 },
      payer: undefined,
      attach: "x",
    });
    expect(n.resource.amount).toEqual({
      total: 100,
      payer_total: 90,
      currency: "CNY",
      payer_currency: "CNY",
    });
    expect("payer" in n.resource).toBe(false);
    expect(n.resource.attach).toBe("x");
  });

  it("partner and combined payments", () => {
    const p = m.v3.paid({}, { variant: "partner" });
    expect(p.resource).toMatchObject({
      sp_mchid: m.mchId,
      sp_appid: m.appId,
      sub_mchid: expect.any(String),
      payer: { sp_openid: expect.any(String) },
    });
    const c = m.v3.paid({}, { variant: "combined" });
    expect(c.resource.combine_mchid).toBe(m.mchId);
    expect(c.resource.sub_orders).toHaveLength(2);
    expect(v3Decrypt(c.bodyText, m.apiV3Key)).toEqual(c.resource);
  });

  it("refunds of each status", () => {
    for (const status of ["SUCCESS", "ABNORMAL", "CLOSED"] as const) {
      const n = m.v3.refund({ amount: { refund: 40 } }, { status });
      expect(n.eventType).toBe(`REFUND.${status}`);
      expect(n.envelope.resource.original_type).toBe("refund");
      expect(n.resource.refund_status).toBe(status);
      expect("success_time" in n.resource).toBe(status === "SUCCESS");
      expect(n.resource.amount).toEqual({
        total: 100,
        refund: 40,
        payer_total: 100,
        payer_refund: 40,
      });
    }
    expect(m.v3.event("REFUND.CLOSED").resource.refund_status).toBe("CLOSED");
  });

  it("every known event type has a realistic, signed, decryptable default", () => {
    expect(KNOWN_EVENT_TYPES).toHaveLength(40);
    for (const type of KNOWN_EVENT_TYPES) {
      const n = m.v3.event(type, {}, { now: NOW, via: "certificate" });
      expect(n.envelope.event_type).toBe(type);
      expect(Object.keys(n.resource).length).toBeGreaterThan(1);
      expect(n.envelope.summary).not.toBe("");
      expect(v3SignatureValid(n, m.certificatePem)).toBe(true);
      expect(v3Decrypt(n.bodyText, m.apiV3Key)).toEqual(n.resource);
      expect(n.envelope.resource.associated_data.length).toBeLessThanOrEqual(
        16,
      );
      expect(JSON.stringify(n.resource)).not.toMatch(/\d\.\d/);
    }
  });

  it("arbitrary event types carry the caller's resource", () => {
    const n = m.v3.event("SOMETHING.NEW", { a: 1, b: { c: "d" } });
    expect(n.resource).toEqual({ a: 1, b: { c: "d" } });
    expect(v3Decrypt(n.bodyText, m.apiV3Key)).toEqual({ a: 1, b: { c: "d" } });
  });

  it("options: serial, nonce, timestamp, envelope, a wrong key", () => {
    const n = m.v3.paid(
      {},
      {
        serial: "X",
        nonce: "N",
        timestamp: "0123",
        envelope: { summary: "s", extra: 1, resource: { associated_data: "" } },
      },
    );
    expect(n.headers["Wechatpay-Serial"]).toBe("X");
    expect(n.headers["Wechatpay-Nonce"]).toBe("N");
    expect(n.headers["Wechatpay-Timestamp"]).toBe("0123");
    expect(n.envelope.summary).toBe("s");
    expect(n.envelope.extra).toBe(1);
    expect(v3Decrypt(n.bodyText, m.apiV3Key)).toEqual(n.resource);
    expect(() => m.v3.paid({}, { now: 1_700_000_000 })).toThrow(/seconds/);
  });

  it("toRequest gives a Web Request with the same bytes", async () => {
    const n = m.v3.paid();
    const r = n.toRequest("https://example.com/notify");
    expect(r.method).toBe("POST");
    expect(r.headers.get("wechatpay-signature")).toBe(n.signature);
    expect(new Uint8Array(await r.arrayBuffer())).toEqual(n.body);
    expect(n.body).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(n.body)).toBe(false);
  });
});

describe("v2 builders", () => {
  it("paid, MD5 without sign_type by default", () => {
    const n = m.v2.paid({ out_trade_no: "0001", total_fee: 300 }, { now: NOW });
    expect(n.headers).toEqual({ "Content-Type": "text/xml" });
    expect(n.bodyText.startsWith("<xml><appid><![CDATA[")).toBe(true);
    expect(n.bodyText).not.toMatch(/DOCTYPE/);
    const f = v2Fields(n.bodyText);
    expect(f).toEqual(n.fields);
    expect(f.sign).toMatch(/^[0-9A-F]{32}$/);
    expect(f.sign_type).toBeUndefined();
    expect(f.out_trade_no).toBe("0001");
    expect(f.total_fee).toBe("300");
    expect(f.cash_fee).toBe("300");
    expect(f.time_end).toBe("20250301120000");
    expect(f.mch_id).toBe(m.mchId);
    expect(v2SignValid(n.bodyText, m.apiV2Key)).toBe(true);
    expect(n.signType).toBe("MD5");
  });

  it("paid, HMAC with and without sign_type", () => {
    const a = m.v2.paid({}, { signType: "HMAC-SHA256" });
    expect(a.fields.sign_type).toBe("HMAC-SHA256");
    expect(a.fields.sign).toHaveLength(64);
    expect(v2SignValid(a.bodyText, m.apiV2Key)).toBe(true);
    const b = m.v2.paid(
      {},
      { signType: "HMAC-SHA256", includeSignType: false },
    );
    expect(b.fields.sign_type).toBeUndefined();
    expect(b.fields.sign).toHaveLength(64);
    expect(v2SignValid(b.bodyText, m.apiV2Key)).toBe(true);
    const c = m.v2.paid({}, { includeSignType: true });
    expect(c.fields.sign_type).toBe("MD5");
    expect(v2SignValid(c.bodyText, m.apiV2Key)).toBe(true);
  });

  it("paid with coupons and a failed result", () => {
    const n = m.v2.paid(
      { total_fee: 100, result_code: "FAIL", err_code: "SYSTEMERROR" },
      {
        coupons: [
          { id: "1", fee: 10 },
          { id: "2", fee: 5, type: "NO_CASH" },
        ],
      },
    );
    expect(n.fields).toMatchObject({
      coupon_count: "2",
      coupon_fee: "15",
      coupon_fee_0: "10",
      coupon_type_1: "NO_CASH",
      cash_fee: "85",
      settlement_total_fee: "95",
      result_code: "FAIL",
      err_code: "SYSTEMERROR",
    });
    expect(v2SignValid(n.bodyText, m.apiV2Key)).toBe(true);
  });

  it("undefined removes a field; a given sign is sent as is", () => {
    const n = m.v2.paid({ sign: undefined, openid: undefined });
    expect("sign" in n.fields).toBe(false);
    expect("openid" in n.fields).toBe(false);
    const f = m.v2.paid({ sign: "FORGED" });
    expect(f.fields.sign).toBe("FORGED");
  });

  it("escapes ]]> in CDATA", () => {
    const n = m.v2.paid({ attach: "a]]>b<c>&" });
    expect(n.bodyText).toContain(
      "<attach><![CDATA[a]]]]><![CDATA[>b<c>&]]></attach>",
    );
    expect(
      v2SignValid(n.bodyText.replace("]]]]><![CDATA[>", "]]>"), m.apiV2Key),
    ).toBe(true);
  });

  it("refund: outer fields without sign, req_info decrypts to <root>", () => {
    const n = m.v2.refund(
      { out_refund_no: "R1", refund_fee: 30 },
      { now: NOW },
    );
    expect(Object.keys(n.fields)).toEqual([
      "return_code",
      "appid",
      "mch_id",
      "nonce_str",
      "req_info",
    ]);
    const plain = v2DecryptReqInfo(n.fields.req_info ?? "", m.apiV2Key);
    expect(plain.startsWith("<root><out_refund_no><![CDATA[R1]]>")).toBe(true);
    expect(plain).toBe(toV2Xml(n.refund ?? {}, { root: "root" }));
    expect(n.refund).toMatchObject({
      refund_fee: "30",
      settlement_refund_fee: "30",
      refund_status: "SUCCESS",
      success_time: "2025-03-01 12:00:00",
    });
    const closed = m.v2.refund({ refund_status: "REFUNDCLOSE" });
    expect(closed.refund?.success_time).toBeUndefined();
  });

  it("scanned: the mode-1 callback fields, signed", () => {
    const n = m.v2.scanned({ product_id: "SKU-1" });
    expect(Object.keys(n.fields)).toEqual([
      "appid",
      "openid",
      "mch_id",
      "is_subscribe",
      "nonce_str",
      "product_id",
      "sign",
    ]);
    expect(n.fields.product_id).toBe("SKU-1");
    expect(n.kind).toBe("scanned");
    expect(v2SignValid(n.bodyText, m.apiV2Key)).toBe(true);
    expect(header(n.headers, "content-type")).toBe("text/xml");
  });
});
