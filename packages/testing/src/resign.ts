import {
  normalizeCapture,
  parseEnvelope,
  tryDecryptResource,
  v2FromBytes,
} from "./_internal/capture-parts.js";
import { getHeader, setHeader } from "./_internal/headers.js";
import { signerOf, utf8 } from "./_internal/notification.js";
import { resolveNow, unixSeconds, type NowInput } from "./_internal/time.js";
import { signV2 } from "./_internal/v2-signature.js";
import { assembleV3 } from "./_internal/v3-build.js";
import { headerNonce } from "./_internal/v3-defaults.js";
import { parseV2Xml } from "./_internal/xml.js";
import type { CapturedRequest } from "./captured-request.js";
import type { V2Notification, V3Notification } from "./signed-notification.js";
import type { TestMerchantKeys } from "./test-merchant-keys.js";
import { testMerchant } from "./test-merchant.js";
import type { V3Via } from "./v3-builder.js";

/** Options of {@link resign}. */
export interface ResignOptions {
  /** Keys to sign with (a `TestMerchant` will do). Default: the notification's own signer, else `testMerchant()`. */
  keys?: TestMerchantKeys;
  /** The new send time, in milliseconds; sets `Wechatpay-Timestamp`. Default now. */
  now?: NowInput;
  /** The new `Wechatpay-Nonce`. Default: fresh random. */
  nonce?: string;
  /**
   * Which serial to send when the captured one is not one of `keys`' (a real
   * WeChat capture): the public key id (default) or the certificate serial.
   */
  via?: V3Via;
  /** `Wechatpay-Serial` to send, whatever else says. */
  serial?: string;
}

/**
 * Re-signs a captured notification so that it verifies again: a v3 request
 * gets a fresh timestamp, nonce and signature over its unchanged body (as a
 * WeChat retry would); a v2 request gets its `sign` recomputed with the
 * APIv2 key. A v2 refund has no signature and is returned unchanged.
 */
export function resign(
  captured: CapturedRequest,
  options: ResignOptions = {},
): V3Notification | V2Notification {
  const keys = options.keys ?? signerOf(captured) ?? testMerchant();
  const c = normalizeCapture(captured);
  if (c.version === "v2") {
    const { fields } = parseV2Xml(c.text);
    const sign = fields.sign;
    if (sign === undefined) return v2FromBytes(c.body, c.headers, keys);
    const signType =
      fields.sign_type === "HMAC-SHA256" ||
      (fields.sign_type === undefined && sign.length === 64)
        ? "HMAC-SHA256"
        : "MD5";
    const fresh = signV2(fields, keys.apiV2Key, signType);
    // Replace only the sign's text so that every other byte stays as captured.
    const text = c.text.replace(
      /(<sign>\s*(?:<!\[CDATA\[)?)[^<\]]*((?:\]\]>)?\s*<\/sign>)/,
      (_all, open: string, close: string) => `${open}${fresh}${close}`,
    );
    return v2FromBytes(utf8(text), c.headers, keys);
  }
  const envelope = parseEnvelope(c.text);
  const resourceText = tryDecryptResource(envelope, keys.apiV3Key);
  const capturedSerial = getHeader(c.headers, "Wechatpay-Serial");
  const ours = [keys.publicKeyId, keys.certificateSerial];
  const serial =
    options.serial ??
    (capturedSerial !== undefined && ours.includes(capturedSerial)
      ? capturedSerial
      : options.via === "certificate"
        ? keys.certificateSerial
        : keys.publicKeyId);
  let headers = c.headers;
  for (const name of [
    "Wechatpay-Timestamp",
    "Wechatpay-Nonce",
    "Wechatpay-Serial",
    "Wechatpay-Signature",
    "Wechatpay-Signature-Type",
  ]) {
    headers = setHeader(headers, name, undefined);
  }
  return assembleV3(
    {
      eventType: String(envelope.event_type ?? ""),
      envelope,
      resource:
        resourceText === undefined
          ? {}
          : (JSON.parse(resourceText) as Record<string, unknown>),
      resourceText: resourceText ?? "",
      timestamp: unixSeconds(resolveNow(options.now)),
      nonce: options.nonce ?? headerNonce(),
      serial,
      body: c.body,
      headers,
    },
    keys,
  );
}
