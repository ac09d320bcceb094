import { encryptReqInfo, encryptV3Resource } from "./_internal/aes.js";
import { setHeader } from "./_internal/headers.js";
import {
  finishNotification,
  signerOf,
  utf8,
} from "./_internal/notification.js";
import { randomAlphanumeric, randomHex } from "./_internal/random.js";
import type { NowInput } from "./_internal/time.js";
import { assembleV3 } from "./_internal/v3-build.js";
import { headerNonce } from "./_internal/v3-defaults.js";
import { toV2Xml } from "./_internal/xml.js";
import { resign } from "./resign.js";
import type {
  Notification,
  V2Notification,
  V3Notification,
} from "./signed-notification.js";
import type { TestMerchantKeys } from "./test-merchant-keys.js";
import { testMerchant } from "./test-merchant.js";

/** Keys to re-sign with; default: the keys that built the notification. */
export interface TamperKeys {
  /** Keys to re-sign with (a `TestMerchant` will do). */
  keys?: TestMerchantKeys;
}

const PROBE_PREFIX = "WECHATPAY/SIGNTEST/";

function keysOf(n: object, options?: TamperKeys): TestMerchantKeys {
  return options?.keys ?? signerOf(n) ?? testMerchant();
}

function withParts<T extends Notification>(
  n: T,
  parts: Record<string, unknown>,
): T {
  return finishNotification({ ...n, ...parts }, signerOf(n)) as T;
}

function requireV3(n: Notification, helper: string): V3Notification {
  if (n.version !== "v3") {
    throw new TypeError(
      `@wxnotify/testing: tamper.${helper} applies to v3 notifications only.`,
    );
  }
  return n;
}

function requireV2(n: Notification, helper: string): V2Notification {
  if (n.version !== "v2") {
    throw new TypeError(
      `@wxnotify/testing: tamper.${helper} applies to v2 notifications only.`,
    );
  }
  return n;
}

/** A v3 notification whose timestamp moved by `deltaSeconds`, validly re-signed. */
function shiftTimestamp(
  n: V3Notification,
  deltaSeconds: number,
  options?: TamperKeys,
): V3Notification {
  return assembleV3(
    {
      ...n,
      timestamp: String(Number(n.timestamp) + deltaSeconds),
      signature: undefined,
    },
    keysOf(n, options),
  );
}

/** A v3 notification with a new encrypted resource, validly re-signed. */
function reencrypt(
  n: V3Notification,
  apiV3Key: string,
  aad: string,
  options?: TamperKeys,
): V3Notification {
  if (n.resourceText === "") {
    throw new TypeError(
      "@wxnotify/testing: this notification's plaintext is unknown (it did not decrypt with the given keys), so it cannot be re-encrypted.",
    );
  }
  const r = n.envelope.resource;
  const ciphertext = encryptV3Resource(n.resourceText, apiV3Key, r.nonce, aad);
  const envelope = { ...n.envelope, resource: { ...r, ciphertext } };
  // Swap the ciphertext in place so the rest of the body keeps its bytes.
  const body = n.bodyText.includes(r.ciphertext)
    ? utf8(n.bodyText.replace(r.ciphertext, ciphertext))
    : utf8(JSON.stringify(envelope));
  return assembleV3(
    { ...n, envelope, body, signature: undefined },
    keysOf(n, options),
  );
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

function changeCharAt(bytes: Uint8Array, index: number): void {
  const b = bytes[index] ?? 0;
  const c = String.fromCharCode(b);
  // Stay within the same kind of character, so that base64 stays base64 and
  // the document stays parseable: only the signed content changes.
  if (c >= "0" && c <= "9") bytes[index] = 0x30 + ((b - 0x30 + 1) % 10);
  else if (c >= "a" && c <= "z") bytes[index] = 0x61 + ((b - 0x61 + 1) % 26);
  else if (c >= "A" && c <= "Z") bytes[index] = 0x41 + ((b - 0x41 + 1) % 26);
  else bytes[index] = b ^ 0x01;
}

function defaultFlipIndex(n: Notification): number {
  const text = n.bodyText;
  let start = -1;
  let end = -1;
  if (n.version === "v3") {
    const key = '"ciphertext":"';
    start = text.indexOf(key);
    if (start >= 0) {
      start += key.length;
      end = text.indexOf('"', start);
    }
  } else {
    const name = ["transaction_id", "req_info", "product_id", "openid"].find(
      (k) => n.fields[k],
    );
    if (name) {
      const open = text.indexOf(`<${name}>`);
      start = text.indexOf(n.fields[name] as string, open);
      end = start + (n.fields[name] as string).length;
    }
  }
  if (start < 0 || end <= start) return Math.floor(n.body.length / 2);
  const middle = Math.floor((start + end) / 2);
  // Work in bytes: the text up to `middle` may hold multi-byte characters.
  return Buffer.byteLength(text.slice(0, middle), "utf8");
}

/**
 * Ways to break a notification, each returning a new object (the input is
 * never changed), for testing that a handler rejects them.
 */
export const tamper = {
  /** v3: the timestamp `seconds` in the past (default 600), validly re-signed. */
  staleTimestamp(
    n: V3Notification,
    seconds = 600,
    options?: TamperKeys,
  ): V3Notification {
    return shiftTimestamp(requireV3(n, "staleTimestamp"), -seconds, options);
  },

  /** v3: the timestamp `seconds` in the future (default 600), validly re-signed. */
  futureTimestamp(
    n: V3Notification,
    seconds = 600,
    options?: TamperKeys,
  ): V3Notification {
    return shiftTimestamp(requireV3(n, "futureTimestamp"), seconds, options);
  },

  /** v3: a signature probe (签名探测): `Wechatpay-Signature` starting with `WECHATPAY/SIGNTEST/`. */
  signatureProbe(n: V3Notification): V3Notification {
    requireV3(n, "signatureProbe");
    const signature = `${PROBE_PREFIX}${n.signature}`;
    return withParts(n, {
      headers: setHeader(n.headers, "Wechatpay-Signature", signature),
      signature,
    });
  },

  /** v3: a `Wechatpay-Serial` the merchant does not know; the signature is still valid. */
  unknownSerial(n: V3Notification, serial?: string): V3Notification {
    requireV3(n, "unknownSerial");
    const next = serial ?? `7${randomHex(39)}`;
    return withParts(n, {
      headers: setHeader(n.headers, "Wechatpay-Serial", next),
      serial: next,
    });
  },

  /**
   * One body byte changed, headers kept, so the signature no longer matches:
   * by default a character in the middle of the v3 ciphertext or of a signed
   * v2 value (for a v2 refund, of `req_info`).
   */
  flipByte<T extends Notification>(n: T, index?: number): T {
    const body = n.body.slice();
    const at = index ?? defaultFlipIndex(n);
    if (!Number.isInteger(at) || at < 0 || at >= body.length) {
      throw new RangeError(
        `@wxnotify/testing: byte index ${at} is outside the ${body.length}-byte body.`,
      );
    }
    changeCharAt(body, at);
    return withParts(n, { body });
  },

  /**
   * v3: the body parsed and serialized again (keys sorted, non-ASCII escaped),
   * as a framework that re-serializes JSON would; same data, other bytes.
   */
  reserializeJson(n: V3Notification): V3Notification {
    requireV3(n, "reserializeJson");
    const text = JSON.stringify(sortKeys(JSON.parse(n.bodyText))).replace(
      /[\u0080-\uffff]/g,
      (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
    return withParts(n, { body: utf8(text) });
  },

  /** v3: the resource encrypted with another APIv3 key; the signature is valid. */
  wrongApiV3Key(
    n: V3Notification,
    options?: TamperKeys & { apiV3Key?: string },
  ): V3Notification {
    requireV3(n, "wrongApiV3Key");
    const key = options?.apiV3Key ?? randomAlphanumeric(32);
    return reencrypt(n, key, n.envelope.resource.associated_data, options);
  },

  /** v3: the resource encrypted with associated data other than the envelope's; the signature is valid. */
  wrongAad(
    n: V3Notification,
    options?: TamperKeys & { aad?: string },
  ): V3Notification {
    requireV3(n, "wrongAad");
    const current = n.envelope.resource.associated_data;
    const aad =
      options?.aad ?? (current === "tampered" ? "tampered2" : "tampered");
    const keys = keysOf(n, options);
    return reencrypt(n, keys.apiV3Key, aad, options);
  },

  /** v2: signed (or for a refund, `req_info` encrypted) with another APIv2 key. */
  wrongApiV2Key(
    n: V2Notification,
    options?: TamperKeys & { apiV2Key?: string },
  ): V2Notification {
    requireV2(n, "wrongApiV2Key");
    const keys = keysOf(n, options);
    const apiV2Key = options?.apiV2Key ?? randomAlphanumeric(32);
    if (n.kind !== "refunded") {
      const out = resign(n, { keys: { ...keys, apiV2Key } }) as V2Notification;
      return finishNotification({ ...out }, keys) as V2Notification;
    }
    if (!n.refund) {
      throw new TypeError(
        "@wxnotify/testing: this refund's req_info plaintext is unknown, so it cannot be re-encrypted.",
      );
    }
    const old = n.fields.req_info ?? "";
    const reqInfo = encryptReqInfo(
      toV2Xml(n.refund, { root: "root" }),
      apiV2Key,
    );
    return withParts(n, {
      body: utf8(n.bodyText.replace(old, reqInfo)),
      fields: { ...n.fields, req_info: reqInfo },
    });
  },

  /**
   * The same delivery again. By default an exact byte-for-byte replay; with
   * `fresh`, what a WeChat retry looks like (v3: new timestamp and nonce).
   */
  duplicate<T extends Notification>(
    n: T,
    options?: TamperKeys & { fresh?: boolean; now?: NowInput },
  ): T {
    if (!options?.fresh || n.version === "v2") {
      return withParts(n, { body: n.body.slice(), headers: { ...n.headers } });
    }
    return resign(n, {
      keys: keysOf(n, options),
      ...(options.now !== undefined ? { now: options.now } : {}),
      nonce: headerNonce(),
      serial: n.serial,
    }) as T;
  },

  /** The same notification without header `name` (any case). */
  withoutHeader<T extends Notification>(n: T, name: string): T {
    return withParts(n, { headers: setHeader(n.headers, name, undefined) });
  },

  /** The same notification with headers set (`undefined` removes one), not re-signed. */
  withHeaders<T extends Notification>(
    n: T,
    headers: Record<string, string | undefined>,
  ): T {
    let out = n.headers;
    for (const [k, v] of Object.entries(headers)) out = setHeader(out, k, v);
    return withParts(n, { headers: out });
  },
};
