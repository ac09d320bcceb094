import { describe, expect, it } from "vitest";
import { resign, tamper, testMerchant } from "../src/index.js";
import {
  v2DecryptReqInfo,
  v2SignValid,
  v3Decrypt,
  v3SignatureValid,
} from "./_verify.js";

const m = testMerchant();
const NOW = Date.parse("2025-03-01T12:00:00+08:00");

function frozenCopy<T>(n: T): string {
  return JSON.stringify(n, (_k, v: unknown) =>
    v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v,
  );
}

describe("tamper (v3)", () => {
  const n = m.v3.paid({}, { now: NOW });
  const before = frozenCopy(n);

  it("stale and future timestamps stay validly signed", () => {
    const stale = tamper.staleTimestamp(n, 301);
    expect(stale.timestamp).toBe(String(NOW / 1000 - 301));
    expect(stale.headers["Wechatpay-Timestamp"]).toBe(stale.timestamp);
    expect(v3SignatureValid(stale, m.publicKeyPem)).toBe(true);
    const future = tamper.futureTimestamp(n);
    expect(Number(future.timestamp)).toBe(NOW / 1000 + 600);
    expect(v3SignatureValid(future, m.publicKeyPem)).toBe(true);
  });

  it("signature probe prefixes WECHATPAY/SIGNTEST/", () => {
    const p = tamper.signatureProbe(n);
    expect(p.headers["Wechatpay-Signature"]).toMatch(/^WECHATPAY\/SIGNTEST\//);
    expect(p.headers["Wechatpay-Signature"]!.length % 4).not.toBe(0);
    expect(p.body).toEqual(n.body);
  });

  it("unknown serial keeps a valid signature", () => {
    const u = tamper.unknownSerial(n);
    expect(u.headers["Wechatpay-Serial"]).toMatch(/^[0-9A-F]{40}$/);
    expect(u.headers["Wechatpay-Serial"]).not.toBe(m.certificateSerial);
    expect(v3SignatureValid(u, m.publicKeyPem)).toBe(true);
  });

  it("flipByte breaks the signature but keeps valid JSON", () => {
    const f = tamper.flipByte(n);
    expect(f.body).not.toEqual(n.body);
    expect(f.body.length).toBe(n.body.length);
    expect(() => JSON.parse(f.bodyText)).not.toThrow();
    expect(v3SignatureValid(f, m.publicKeyPem)).toBe(false);
    expect(tamper.flipByte(n, 0).bodyText[0]).not.toBe("{");
    expect(() => tamper.flipByte(n, n.body.length)).toThrow(RangeError);
  });

  it("reserializeJson: same data, other bytes", () => {
    const r = tamper.reserializeJson(n);
    expect(JSON.parse(r.bodyText)).toEqual(JSON.parse(n.bodyText));
    expect(r.bodyText).not.toBe(n.bodyText);
    expect(r.bodyText).toContain("\\u652f\\u4ed8");
    expect(v3SignatureValid(r, m.publicKeyPem)).toBe(false);
  });

  it("wrong APIv3 key and wrong AAD: signed, but do not decrypt", () => {
    for (const t of [tamper.wrongApiV3Key(n), tamper.wrongAad(n)]) {
      expect(v3SignatureValid(t, m.publicKeyPem)).toBe(true);
      expect(() => v3Decrypt(t.bodyText, m.apiV3Key)).toThrow();
      expect(t.envelope.resource.associated_data).toBe("transaction");
    }
    const k = tamper.wrongApiV3Key(n, { apiV3Key: "k".repeat(32) });
    expect(v3Decrypt(k.bodyText, "k".repeat(32))).toEqual(n.resource);
  });

  it("duplicate: exact replay or a fresh retry", () => {
    const d = tamper.duplicate(n);
    expect(d).not.toBe(n);
    expect(d.body).toEqual(n.body);
    expect(d.headers).toEqual(n.headers);
    const retry = tamper.duplicate(n, { fresh: true, now: NOW + 15_000 });
    expect(retry.body).toEqual(n.body);
    expect(retry.timestamp).toBe(String(NOW / 1000 + 15));
    expect(retry.nonce).not.toBe(n.nonce);
    expect(retry.serial).toBe(n.serial);
    expect(v3SignatureValid(retry, m.publicKeyPem)).toBe(true);
  });

  it("header helpers", () => {
    const w = tamper.withoutHeader(n, "wechatpay-nonce");
    expect("Wechatpay-Nonce" in w.headers).toBe(false);
    const h = tamper.withHeaders(n, {
      "wechatpay-signature-type": "WECHATPAY2-SM2-WITH-SM3",
    });
    expect(h.headers["Wechatpay-Signature-Type"]).toBe(
      "WECHATPAY2-SM2-WITH-SM3",
    );
  });

  it("never mutates the input", () => {
    expect(frozenCopy(n)).toBe(before);
  });
});

describe("tamper (v2)", () => {
  it("flipByte changes a signed value", () => {
    const n = m.v2.paid();
    const f = tamper.flipByte(n);
    expect(f.bodyText.startsWith("<xml>")).toBe(true);
    expect(v2SignValid(f.bodyText, m.apiV2Key)).toBe(false);
  });

  it("wrongApiV2Key: a sign or req_info under another key", () => {
    const paid = tamper.wrongApiV2Key(m.v2.paid(), {
      apiV2Key: "x".repeat(32),
    });
    expect(v2SignValid(paid.bodyText, m.apiV2Key)).toBe(false);
    expect(v2SignValid(paid.bodyText, "x".repeat(32))).toBe(true);
    const refund = m.v2.refund();
    const bad = tamper.wrongApiV2Key(refund, { apiV2Key: "x".repeat(32) });
    expect(() =>
      v2DecryptReqInfo(bad.fields.req_info ?? "", m.apiV2Key),
    ).toThrow();
    expect(v2DecryptReqInfo(bad.fields.req_info ?? "", "x".repeat(32))).toBe(
      v2DecryptReqInfo(refund.fields.req_info ?? "", m.apiV2Key),
    );
  });

  it("v3-only helpers refuse v2", () => {
    expect(() => tamper.signatureProbe(m.v2.paid() as never)).toThrow(/v3/);
  });
});

describe("resign", () => {
  it("re-signs a capture with a fresh timestamp and nonce, same bytes", () => {
    const n = m.v3.paid({}, { now: NOW });
    // What a server captured: lower-case headers, a Buffer body.
    const captured = {
      headers: Object.fromEntries(
        Object.entries(n.headers).map(([k, v]) => [k.toLowerCase(), v]),
      ),
      body: Buffer.from(n.body),
    };
    const later = NOW + 3_600_000;
    const r = resign(captured, { keys: m, now: later });
    expect(r.version).toBe("v3");
    if (r.version !== "v3") return;
    expect(r.body).toEqual(n.body);
    expect(r.timestamp).toBe(String(later / 1000));
    expect(r.nonce).not.toBe(n.nonce);
    expect(r.serial).toBe(m.publicKeyId);
    expect(r.resource).toEqual(n.resource);
    expect(v3SignatureValid(r, m.publicKeyPem)).toBe(true);
    expect(
      Object.keys(r.headers).filter((k) => /timestamp/i.test(k)),
    ).toHaveLength(1);
    expect(r.headers["content-type"]).toBe("application/json");
  });

  it("a foreign serial is replaced by the merchant's", () => {
    const n = tamper.unknownSerial(m.v3.paid());
    expect(resign(n, { keys: m }).headers["Wechatpay-Serial"]).toBe(
      m.publicKeyId,
    );
    expect(
      resign(n, { keys: m, via: "certificate" }).headers["Wechatpay-Serial"],
    ).toBe(m.certificateSerial);
  });

  it("re-signs a v2 capture in place", () => {
    const n = m.v2.paid({}, { signType: "HMAC-SHA256" });
    const bad = tamper.wrongApiV2Key(n);
    const fixed = resign(
      { headers: bad.headers, body: bad.bodyText },
      { keys: m },
    );
    expect(fixed.bodyText).toBe(n.bodyText);
    expect(v2SignValid(fixed.bodyText, m.apiV2Key)).toBe(true);
  });

  it("leaves a v2 refund (no sign) unchanged", () => {
    const n = m.v2.refund();
    expect(resign(n).bodyText).toBe(n.bodyText);
  });
});
