import type { NotifierConfig } from "@wxnotify/core";
import {
  testMerchant,
  type TestMerchant,
  type V2Notification,
  type V3Notification,
} from "@wxnotify/testing";

/**
 * The clock of every notification and every verifier in the run, so that a
 * long run never leaves the 300 s Wechatpay-Timestamp window.
 */
export const FIXED_NOW_MS = Date.parse("2025-01-01T12:00:00+08:00");

/** What every implementation receives: the exact bytes and node-style headers. */
export interface BenchRequest {
  method: string;
  /** Lower-case names, as node:http delivers them. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The notifications every implementation of a scenario is given. */
export interface BenchInputs {
  merchant: TestMerchant;
  /** `createNotifier` options for the fixed clock. */
  config: NotifierConfig;
  /** v3 TRANSACTION.SUCCESS, RSA-2048 over the platform certificate serial. */
  v3Paid: BenchRequest;
  v2PaidMd5: BenchRequest;
  /** With `sign_type=HMAC-SHA256`. */
  v2PaidHmac: BenchRequest;
  v2Refund: BenchRequest;
  /** The same notifications as @wxnotify/testing built them (for tamper helpers and HTTP). */
  signed: {
    v3Paid: V3Notification;
    v2PaidMd5: V2Notification;
    v2PaidHmac: V2Notification;
    v2Refund: V2Notification;
  };
}

/** A notification as node:http would hand it over: header names lower-cased. */
export function nodeStyle(notification: {
  method: string;
  headers: Record<string, string>;
  body: Uint8Array;
}): BenchRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(notification.headers)) {
    headers[name.toLowerCase()] = value;
  }
  return { method: notification.method, headers, body: notification.body };
}

/**
 * Builds the inputs once. v3 notifications name the platform certificate
 * serial because wechatpay-node-v3 only knows certificates (no
 * PUB_KEY_ID_ keys); core and the limit look either up in one map.
 */
export function createInputs(): BenchInputs {
  const merchant = testMerchant();
  const now = FIXED_NOW_MS;
  const signed = {
    v3Paid: merchant.v3.paid({}, { now, via: "certificate" }),
    v2PaidMd5: merchant.v2.paid({}, { now }),
    v2PaidHmac: merchant.v2.paid({}, { now, signType: "HMAC-SHA256" }),
    v2Refund: merchant.v2.refund({}, { now }),
  };
  return {
    merchant,
    config: { ...merchant.config, now: () => FIXED_NOW_MS },
    v3Paid: nodeStyle(signed.v3Paid),
    v2PaidMd5: nodeStyle(signed.v2PaidMd5),
    v2PaidHmac: nodeStyle(signed.v2PaidHmac),
    v2Refund: nodeStyle(signed.v2Refund),
    signed,
  };
}

/** The body as text, the way a library that takes strings would get it. */
export function bodyText(body: Uint8Array): string {
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString(
    "utf8",
  );
}
