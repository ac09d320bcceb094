import type { V3EnvelopeJson, V3Notification } from "../signed-notification.js";
import type { TestMerchantKeys } from "../test-merchant-keys.js";
import { setHeader } from "./headers.js";
import { finishNotification, utf8 } from "./notification.js";
import { signV3 } from "./rsa.js";

/** The `Wechatpay-Signature-Type` of RSA notifications. */
export const SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048";

/** Inputs of {@link assembleV3}. */
export interface V3Parts {
  eventType: string;
  envelope: V3EnvelopeJson;
  resource: Record<string, unknown>;
  resourceText: string;
  timestamp: string;
  nonce: string;
  serial: string;
  /** Exact body; default: the envelope serialized compactly. */
  body?: Uint8Array;
  /** Signature; default: computed with `keys`. */
  signature?: string;
  /** Headers to start from (a capture's); ours replace theirs. */
  headers?: Record<string, string>;
}

/** Serializes, signs and wraps up a v3 notification. */
export function assembleV3(
  parts: V3Parts,
  keys: TestMerchantKeys | undefined,
): V3Notification {
  const body = parts.body ?? utf8(JSON.stringify(parts.envelope));
  let signature = parts.signature;
  if (signature === undefined) {
    if (!keys) {
      throw new TypeError(
        "@wxnotify/testing: no keys to sign with; pass { keys: merchant }.",
      );
    }
    signature = signV3(parts.timestamp, parts.nonce, body, keys.privateKeyPem);
  }
  const computed: Record<string, string> = {
    "Content-Type": "application/json",
    "Wechatpay-Nonce": parts.nonce,
    "Wechatpay-Serial": parts.serial,
    "Wechatpay-Signature": signature,
    "Wechatpay-Signature-Type": SIGNATURE_TYPE,
    "Wechatpay-Timestamp": parts.timestamp,
  };
  // Keep the other headers of a capture or earlier build; replace ours in
  // whatever case they arrived, rather than send two of them.
  let headers: Record<string, string> = { ...parts.headers };
  for (const [name, value] of Object.entries(computed)) {
    headers = setHeader(headers, name, value);
  }
  return finishNotification(
    {
      method: "POST" as const,
      headers,
      body,
      version: "v3" as const,
      eventType: parts.eventType,
      envelope: parts.envelope,
      resource: parts.resource,
      resourceText: parts.resourceText,
      timestamp: parts.timestamp,
      nonce: parts.nonce,
      serial: parts.serial,
      signature,
    },
    keys,
  );
}
