import type { Entry } from "@wxnotify/core";
import {
  KNOWN_EVENT_TYPES,
  signV3,
  tamper,
  type TestMerchant,
} from "@wxnotify/testing";
import {
  LIMITED_MAX_BODY_BYTES,
  PREPAY_ID,
  type Behaviour,
} from "./behaviours.js";

// The handler side (behaviours, constants) lives in ./behaviours.js, which
// Bun and Deno load too: this file signs, and so runs on Node only.
export * from "./behaviours.js";

/** A request as it goes on the wire. */
export interface WireRequest {
  /** HTTP method. */
  method: string;
  /** Headers, sent with the case of their names kept. */
  headers: Record<string, string>;
  /** The exact body bytes. */
  body: Uint8Array;
  /** Send without Content-Length, in two chunks (Transfer-Encoding: chunked). */
  chunked?: boolean;
}

/** What the reply must be. */
export interface Expectation {
  /** HTTP status. */
  status: number;
  /** A failure reply with this message (v2 `return_msg`, v3 `message`), `return_code`/`code` FAIL. */
  failure?: string;
  /** The dialect of the reply, when it is fixed (a failure may come in either). */
  dialect?: "v2" | "v3";
  /** v2 fields the reply must carry (XML). */
  v2?: Record<string, string>;
  /** Headers the reply must carry. */
  headers?: Record<string, string>;
  /** Whether the handler must have been called (once per delivery). */
  handlerCalled: boolean;
}

/** One conformance case, written once and run against every adapter variant. */
export interface ConformanceCase {
  /** Test name. */
  name: string;
  /** Which endpoint receives it: /paid, /refund, /scanned or /events. */
  entry: Entry;
  /** Send it to /limited instead: a payment endpoint with a 4 KiB body limit. */
  limited?: boolean;
  /** Builds the request, signed with @wxnotify/testing. */
  build(merchant: TestMerchant): WireRequest;
  /** What the handler does. */
  behaviour: Behaviour;
  /** How many times the same request is delivered, one after the other. Default 1. */
  deliveries?: number;
  /**
   * False for bodies a body parser in front of the route may refuse by
   * itself (malformed, empty, or neither XML nor JSON): there, the parser's
   * own 4xx is an acceptable answer.
   */
  wellFormed?: boolean;
  /** The reply expected from an adapter that gets the exact bytes. */
  expect: Expectation;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const v2Ack: Expectation = {
  status: 200,
  dialect: "v2",
  v2: { return_code: "SUCCESS", return_msg: "OK" },
  handlerCalled: true,
};
const v3Ack: Expectation = { status: 204, dialect: "v3", handlerCalled: true };

function refused(
  status: number,
  failure: string,
  dialect?: "v2" | "v3",
): Expectation {
  return { status, failure, handlerCalled: false, ...(dialect && { dialect }) };
}

function handlerFailed(failure: string, dialect: "v2" | "v3"): Expectation {
  return { status: 500, failure, dialect, handlerCalled: true };
}

/** Round trips of every kind, v2 and v3, each acknowledged. */
const roundTrips: ConformanceCase[] = [
  {
    name: "v2 payment, MD5",
    entry: "paid",
    build: (m) => m.v2.paid(),
    behaviour: "ack",
    expect: v2Ack,
  },
  {
    name: "v2 payment, HMAC-SHA256 with sign_type",
    entry: "paid",
    build: (m) => m.v2.paid({}, { signType: "HMAC-SHA256" }),
    behaviour: "ack",
    expect: v2Ack,
  },
  {
    name: "v2 payment, HMAC-SHA256 without sign_type",
    entry: "paid",
    build: (m) =>
      m.v2.paid({}, { signType: "HMAC-SHA256", includeSignType: false }),
    behaviour: "ack",
    expect: v2Ack,
  },
  {
    name: "v2 payment with coupons and Chinese attach",
    entry: "paid",
    build: (m) =>
      m.v2.paid(
        { attach: "订单备注：测试", total_fee: 300 },
        { coupons: [{ id: "10000", fee: 100 }] },
      ),
    behaviour: "ack",
    expect: v2Ack,
  },
  {
    name: "v2 payment with result_code FAIL reaches the handler",
    entry: "paid",
    build: (m) => m.v2.paid({ result_code: "FAIL", err_code: "SYSTEMERROR" }),
    behaviour: "ack",
    expect: v2Ack,
  },
  {
    name: "v2 refund",
    entry: "refunded",
    build: (m) => m.v2.refund(),
    behaviour: "ack",
    expect: v2Ack,
  },
  {
    name: "v2 scan returns a prepay_id",
    entry: "scanned",
    build: (m) => m.v2.scanned(),
    behaviour: "prepay",
    expect: {
      status: 200,
      dialect: "v2",
      v2: {
        return_code: "SUCCESS",
        result_code: "SUCCESS",
        prepay_id: PREPAY_ID,
      },
      handlerCalled: true,
    },
  },
  {
    name: "v2 scan, HMAC-SHA256, returns a prepay_id",
    entry: "scanned",
    build: (m) => m.v2.scanned({}, { signType: "HMAC-SHA256" }),
    behaviour: "prepay",
    expect: {
      status: 200,
      dialect: "v2",
      v2: {
        return_code: "SUCCESS",
        result_code: "SUCCESS",
        prepay_id: PREPAY_ID,
      },
      handlerCalled: true,
    },
  },
  {
    name: "v2 payment at /events",
    entry: "event",
    build: (m) => m.v2.paid(),
    behaviour: "ack",
    expect: v2Ack,
  },
  {
    name: "v2 refund at /events",
    entry: "event",
    build: (m) => m.v2.refund(),
    behaviour: "ack",
    expect: v2Ack,
  },
  {
    name: "v3 payment signed with the WeChat Pay public key",
    entry: "paid",
    build: (m) => m.v3.paid({}, { via: "publicKey" }),
    behaviour: "ack",
    expect: v3Ack,
  },
  {
    name: "v3 payment signed with the platform certificate",
    entry: "paid",
    build: (m) => m.v3.paid({}, { via: "certificate" }),
    behaviour: "ack",
    expect: v3Ack,
  },
  {
    name: "v3 partner payment",
    entry: "paid",
    build: (m) => m.v3.paid({}, { variant: "partner" }),
    behaviour: "ack",
    expect: v3Ack,
  },
  {
    name: "v3 combined payment",
    entry: "paid",
    build: (m) => m.v3.paid({}, { variant: "combined" }),
    behaviour: "ack",
    expect: v3Ack,
  },
  {
    name: "v3 payment with Chinese attach",
    entry: "paid",
    build: (m) => m.v3.paid({ attach: "订单备注：测试" }),
    behaviour: "ack",
    expect: v3Ack,
  },
  {
    name: "v3 refund",
    entry: "refunded",
    build: (m) => m.v3.refund(),
    behaviour: "ack",
    expect: v3Ack,
  },
  {
    name: "v3 refund ABNORMAL",
    entry: "refunded",
    build: (m) => m.v3.refund({}, { status: "ABNORMAL" }),
    behaviour: "ack",
    expect: v3Ack,
  },
  {
    name: "v3 partner refund",
    entry: "refunded",
    build: (m) => m.v3.refund({}, { variant: "partner" }),
    behaviour: "ack",
    expect: v3Ack,
  },
  ...KNOWN_EVENT_TYPES.map((eventType): ConformanceCase => ({
    name: `v3 ${eventType} at /events`,
    entry: "event",
    build: (m) => m.v3.event(eventType),
    behaviour: "ack",
    expect: v3Ack,
  })),
  {
    name: "v3 unknown event type at /events is delivered",
    entry: "event",
    build: (m) => m.v3.event("SOMETHING.NEW", { answer: 42 }),
    behaviour: "ack",
    expect: v3Ack,
  },
  {
    name: "v3 headers in upper and lower case (pitfall 4)",
    entry: "paid",
    build: (m) => {
      const n = m.v3.paid();
      const headers = Object.fromEntries(
        Object.entries(n.headers).map(([k, v], i) => [
          i % 2 ? k.toUpperCase() : k.toLowerCase(),
          v,
        ]),
      );
      return { method: "POST", headers, body: n.body };
    },
    behaviour: "ack",
    expect: v3Ack,
  },
  {
    name: "v3 payment sent chunked, without Content-Length",
    entry: "paid",
    build: (m) => ({ ...m.v3.paid(), chunked: true }),
    behaviour: "ack",
    expect: v3Ack,
  },
  {
    name: "v2 payment sent chunked, without Content-Length",
    entry: "paid",
    build: (m) => ({ ...m.v2.paid({ attach: "中文" }), chunked: true }),
    behaviour: "ack",
    expect: v2Ack,
  },
  {
    name: "a small v3 payment passes the limited route",
    entry: "paid",
    limited: true,
    build: (m) => m.v3.paid(),
    behaviour: "ack",
    expect: v3Ack,
  },
  {
    name: "a duplicate delivery is handled again",
    entry: "paid",
    build: (m) => m.v3.paid(),
    behaviour: "ack",
    deliveries: 2,
    expect: v3Ack,
  },
];

/** What the handler decides: every closure outcome, v2 and v3. */
const closures: ConformanceCase[] = [
  {
    name: "v2 handler calls fail()",
    entry: "paid",
    build: (m) => m.v2.paid(),
    behaviour: "fail",
    expect: handlerFailed("database down", "v2"),
  },
  {
    name: "v3 handler calls fail()",
    entry: "paid",
    build: (m) => m.v3.paid(),
    behaviour: "fail",
    expect: handlerFailed("database down", "v3"),
  },
  {
    name: "v2 handler throws",
    entry: "refunded",
    build: (m) => m.v2.refund(),
    behaviour: "throw",
    expect: handlerFailed("handler error", "v2"),
  },
  {
    name: "v3 handler throws",
    entry: "refunded",
    build: (m) => m.v3.refund(),
    behaviour: "throw",
    expect: handlerFailed("handler error", "v3"),
  },
  {
    name: "v2 handler returns undefined",
    entry: "paid",
    build: (m) => m.v2.paid(),
    behaviour: "undefined",
    expect: handlerFailed("not acknowledged", "v2"),
  },
  {
    name: "v3 handler returns undefined",
    entry: "event",
    build: (m) => m.v3.event("COMPLAINT.CREATE"),
    behaviour: "undefined",
    expect: handlerFailed("not acknowledged", "v3"),
  },
  {
    name: "v2 slow handler (300 ms) is awaited",
    entry: "paid",
    build: (m) => m.v2.paid(),
    behaviour: "slow",
    expect: v2Ack,
  },
  {
    name: "v3 slow handler (300 ms) is awaited",
    entry: "paid",
    build: (m) => m.v3.paid(),
    behaviour: "slow",
    expect: v3Ack,
  },
  {
    name: "v2 scan handler calls alert()",
    entry: "scanned",
    build: (m) => m.v2.scanned(),
    behaviour: "alert",
    expect: {
      status: 200,
      dialect: "v2",
      v2: {
        return_code: "SUCCESS",
        result_code: "FAIL",
        err_code_des: "sold out",
      },
      handlerCalled: true,
    },
  },
  {
    name: "v2 scan handler calls fail()",
    entry: "scanned",
    build: (m) => m.v2.scanned(),
    behaviour: "fail",
    expect: {
      status: 500,
      dialect: "v2",
      v2: { return_code: "FAIL", return_msg: "database down" },
      handlerCalled: true,
    },
  },
  {
    name: "v2 scan handler returns true without a prepay_id",
    entry: "scanned",
    build: (m) => m.v2.scanned(),
    behaviour: "ack",
    expect: handlerFailed("not acknowledged", "v2"),
  },
];

/** Every way the core refuses a request before the handler. */
const failures: ConformanceCase[] = [
  {
    name: "GET is refused with 405",
    entry: "paid",
    build: () => ({ method: "GET", headers: {}, body: new Uint8Array(0) }),
    behaviour: "ack",
    expect: {
      ...refused(405, "method_not_allowed"),
      headers: { allow: "POST" },
    },
  },
  {
    name: "PUT is refused with 405",
    entry: "event",
    build: (m) => ({ ...m.v3.paid(), method: "PUT" }),
    behaviour: "ack",
    expect: refused(405, "method_not_allowed"),
  },
  {
    name: "v3 body over the limit is refused with 413",
    entry: "paid",
    limited: true,
    build: (m) => m.v3.paid({ attach: "x".repeat(LIMITED_MAX_BODY_BYTES) }),
    behaviour: "ack",
    expect: refused(413, "body_too_large", "v3"),
  },
  {
    name: "v3 body over the limit, sent chunked, is refused with 413",
    entry: "paid",
    limited: true,
    build: (m) => ({
      ...m.v3.paid({ attach: "x".repeat(LIMITED_MAX_BODY_BYTES) }),
      chunked: true,
    }),
    behaviour: "ack",
    expect: refused(413, "body_too_large", "v3"),
  },
  {
    // Node adapters answer in XML (they pass the first bytes read), fetch
    // ones in JSON (the core refuses on Content-Length, unread): either is right.
    name: "v2 body over the limit is refused with 413",
    entry: "paid",
    limited: true,
    build: (m) => m.v2.paid({ attach: "x".repeat(LIMITED_MAX_BODY_BYTES) }),
    behaviour: "ack",
    expect: refused(413, "body_too_large"),
  },
  {
    name: "empty body",
    entry: "paid",
    build: () => ({
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: new Uint8Array(0),
    }),
    behaviour: "ack",
    wellFormed: false,
    expect: refused(400, "body_empty", "v3"),
  },
  {
    name: "body neither XML nor JSON",
    entry: "paid",
    build: () => ({
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: utf8("hello"),
    }),
    behaviour: "ack",
    wellFormed: false,
    expect: refused(400, "body_malformed", "v3"),
  },
  {
    name: "v3 flipped body byte",
    entry: "paid",
    build: (m) => tamper.flipByte(m.v3.paid()),
    behaviour: "ack",
    expect: refused(401, "signature_invalid", "v3"),
  },
  {
    name: "v3 re-serialized JSON (pitfall 1)",
    entry: "paid",
    build: (m) => tamper.reserializeJson(m.v3.paid({ attach: "中文" })),
    behaviour: "ack",
    expect: refused(401, "signature_invalid", "v3"),
  },
  // 400 s, well past the 300 s window: Wechatpay-Timestamp has whole
  // seconds, so 301 can land inside the window when the second turns.
  {
    name: "v3 stale timestamp",
    entry: "paid",
    build: (m) => tamper.staleTimestamp(m.v3.paid(), 400),
    behaviour: "ack",
    expect: refused(401, "timestamp_out_of_range", "v3"),
  },
  {
    name: "v3 future timestamp",
    entry: "paid",
    build: (m) => tamper.futureTimestamp(m.v3.paid(), 400),
    behaviour: "ack",
    expect: refused(401, "timestamp_out_of_range", "v3"),
  },
  {
    name: "v3 signature probe",
    entry: "paid",
    build: (m) => tamper.signatureProbe(m.v3.paid()),
    behaviour: "ack",
    expect: refused(401, "signature_probe", "v3"),
  },
  {
    name: "v3 unknown serial",
    entry: "paid",
    build: (m) => tamper.unknownSerial(m.v3.paid()),
    behaviour: "ack",
    expect: refused(401, "unknown_serial", "v3"),
  },
  {
    name: "v3 wrong APIv3 key",
    entry: "paid",
    build: (m) => tamper.wrongApiV3Key(m.v3.paid()),
    behaviour: "ack",
    expect: refused(401, "decryption_failed", "v3"),
  },
  {
    name: "v3 wrong associated data",
    entry: "refunded",
    build: (m) => tamper.wrongAad(m.v3.refund()),
    behaviour: "ack",
    expect: refused(401, "decryption_failed", "v3"),
  },
  {
    name: "v3 truncated ciphertext",
    entry: "paid",
    build: (m) =>
      m.v3.paid({}, { envelope: { resource: { ciphertext: "AAAA" } } }),
    behaviour: "ack",
    expect: refused(401, "decryption_failed", "v3"),
  },
  {
    name: "v3 SM4 resource",
    entry: "paid",
    build: (m) =>
      m.v3.paid({}, { envelope: { resource: { algorithm: "AEAD_SM4_GCM" } } }),
    behaviour: "ack",
    expect: refused(400, "unsupported_algorithm", "v3"),
  },
  {
    name: "v3 SM2 signature type",
    entry: "paid",
    build: (m) =>
      tamper.withHeaders(m.v3.paid(), {
        "Wechatpay-Signature-Type": "WECHATPAY2-SM2-WITH-SM3",
      }),
    behaviour: "ack",
    expect: refused(400, "unsupported_algorithm", "v3"),
  },
  {
    name: "v3 missing Wechatpay-Nonce",
    entry: "paid",
    build: (m) => tamper.withoutHeader(m.v3.paid(), "Wechatpay-Nonce"),
    behaviour: "ack",
    expect: refused(400, "header_missing", "v3"),
  },
  {
    name: "v3 timestamp with a leading zero",
    entry: "paid",
    build: (m) =>
      m.v3.paid({}, { timestamp: `0${Math.floor(Date.now() / 1000)}` }),
    behaviour: "ack",
    expect: refused(400, "header_invalid", "v3"),
  },
  {
    name: "v3 another merchant",
    entry: "paid",
    build: (m) => m.v3.paid({ mchid: "1111111111" }),
    behaviour: "ack",
    expect: refused(403, "merchant_mismatch", "v3"),
  },
  {
    name: "v3 another app",
    entry: "paid",
    build: (m) => m.v3.paid({ appid: "wx0000000000000000" }),
    behaviour: "ack",
    expect: refused(403, "merchant_mismatch", "v3"),
  },
  {
    name: "v3 amount not an integer",
    entry: "paid",
    build: (m) => m.v3.paid({ amount: { total: 1.5 } }),
    behaviour: "ack",
    expect: refused(400, "body_malformed", "v3"),
  },
  {
    name: "v3 signed malformed JSON",
    entry: "paid",
    build: (m) => {
      const n = m.v3.paid();
      const body = utf8('{"id":"x",');
      const signature = signV3(n.timestamp, n.nonce, body, m.privateKeyPem);
      return {
        method: "POST",
        headers: { ...n.headers, "Wechatpay-Signature": signature },
        body,
      };
    },
    behaviour: "ack",
    wellFormed: false,
    expect: refused(400, "body_malformed", "v3"),
  },
  {
    name: "v3 refund at /paid",
    entry: "paid",
    build: (m) => m.v3.refund(),
    behaviour: "ack",
    expect: refused(400, "unexpected_notification", "v3"),
  },
  {
    name: "v3 payment at /refund",
    entry: "refunded",
    build: (m) => m.v3.paid(),
    behaviour: "ack",
    expect: refused(400, "unexpected_notification", "v3"),
  },
  {
    name: "v3 payment at /scanned",
    entry: "scanned",
    build: (m) => m.v3.paid(),
    behaviour: "prepay",
    expect: refused(400, "unexpected_notification", "v3"),
  },
  {
    name: "v2 flipped byte",
    entry: "paid",
    build: (m) => tamper.flipByte(m.v2.paid()),
    behaviour: "ack",
    expect: refused(401, "signature_invalid", "v2"),
  },
  {
    name: "v2 wrong APIv2 key",
    entry: "paid",
    build: (m) => tamper.wrongApiV2Key(m.v2.paid()),
    behaviour: "ack",
    expect: refused(401, "signature_invalid", "v2"),
  },
  {
    name: "v2 missing sign",
    entry: "paid",
    build: (m) => m.v2.paid({ sign: undefined }),
    behaviour: "ack",
    expect: refused(401, "signature_missing", "v2"),
  },
  {
    name: "v2 unknown sign_type",
    entry: "paid",
    build: (m) => m.v2.paid({ sign_type: "SHA1" }),
    behaviour: "ack",
    expect: refused(400, "unsupported_algorithm", "v2"),
  },
  {
    name: "v2 another merchant",
    entry: "paid",
    build: (m) => m.v2.paid({ mch_id: "1111111111" }),
    behaviour: "ack",
    expect: refused(403, "merchant_mismatch", "v2"),
  },
  {
    name: "v2 return_code FAIL",
    entry: "paid",
    build: (m) => m.v2.paid({ return_code: "FAIL", return_msg: "签名失败" }),
    behaviour: "ack",
    expect: refused(400, "communication_failure", "v2"),
  },
  {
    name: "v2 total_fee not a number",
    entry: "paid",
    build: (m) => m.v2.paid({ total_fee: "1e2" }),
    behaviour: "ack",
    expect: refused(400, "body_malformed", "v2"),
  },
  {
    name: "v2 refund at /paid",
    entry: "paid",
    build: (m) => m.v2.refund(),
    behaviour: "ack",
    expect: refused(400, "unexpected_notification", "v2"),
  },
  {
    name: "v2 scan at /events",
    entry: "event",
    build: (m) => m.v2.scanned(),
    behaviour: "ack",
    expect: refused(400, "unexpected_notification", "v2"),
  },
  {
    name: "v2 refund with a wrong APIv2 key",
    entry: "refunded",
    build: (m) => tamper.wrongApiV2Key(m.v2.refund()),
    behaviour: "ack",
    expect: refused(401, "decryption_failed", "v2"),
  },
  {
    name: "v2 scan with a bad sign",
    entry: "scanned",
    build: (m) => tamper.flipByte(m.v2.scanned()),
    behaviour: "prepay",
    expect: refused(401, "signature_invalid", "v2"),
  },
  {
    name: "v2 malformed XML",
    entry: "paid",
    build: () => ({
      method: "POST",
      headers: { "Content-Type": "text/xml" },
      body: utf8("<xml><return_code>SUCCESS</xml>"),
    }),
    behaviour: "ack",
    expect: refused(400, "body_malformed", "v2"),
  },
  {
    name: "v2 XML with a DOCTYPE (XXE, pitfall 9)",
    entry: "paid",
    build: (m) => {
      const n = m.v2.paid();
      const xml = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>${n.bodyText}`;
      return { method: "POST", headers: n.headers, body: utf8(xml) };
    },
    behaviour: "ack",
    expect: refused(400, "xml_doctype_forbidden", "v2"),
  },
];

/** Every case, in the order the suite runs them. */
export const cases: readonly ConformanceCase[] = [
  ...roundTrips,
  ...closures,
  ...failures,
];
