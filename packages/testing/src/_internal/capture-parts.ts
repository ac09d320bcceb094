import { createDecipheriv } from "node:crypto";
import type { CapturedRequest } from "../captured-request.js";
import type {
  V2Kind,
  V2Notification,
  V3EnvelopeJson,
} from "../signed-notification.js";
import type { TestMerchantKeys } from "../test-merchant-keys.js";
import { plainHeaders } from "./headers.js";
import { finishNotification, utf8 } from "./notification.js";
import { parseV2Xml } from "./xml.js";

/** A captured request with its body as bytes and headers as a record. */
export interface NormalizedCapture {
  method: string;
  headers: Record<string, string>;
  body: Uint8Array;
  text: string;
  version: "v2" | "v3";
}

/** Normalizes a captured request and tells v2 XML from v3 JSON by its first character. */
export function normalizeCapture(captured: CapturedRequest): NormalizedCapture {
  const body =
    typeof captured.body === "string"
      ? utf8(captured.body)
      : new Uint8Array(captured.body);
  const text = new TextDecoder().decode(body);
  return {
    method: captured.method ?? "POST",
    headers: plainHeaders(captured.headers),
    body,
    text,
    version: text.trimStart().startsWith("<") ? "v2" : "v3",
  };
}

/** Parses a v3 body, or says why it is not an envelope. */
export function parseEnvelope(text: string): V3EnvelopeJson {
  const parsed: unknown = JSON.parse(text);
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    typeof (parsed as { resource?: unknown }).resource !== "object"
  ) {
    throw new SyntaxError(
      "@wxnotify/testing: the body is JSON but not a v3 notification envelope (no `resource`).",
    );
  }
  return parsed as V3EnvelopeJson;
}

/** Decrypts a v3 resource with node:crypto, or returns undefined when it does not decrypt. */
export function tryDecryptResource(
  envelope: V3EnvelopeJson,
  apiV3Key: string,
): string | undefined {
  try {
    const r = envelope.resource;
    const data = Buffer.from(r.ciphertext, "base64");
    const decipher = createDecipheriv(
      "aes-256-gcm",
      Buffer.from(apiV3Key, "utf8"),
      Buffer.from(r.nonce, "utf8"),
    );
    decipher.setAAD(Buffer.from(r.associated_data ?? "", "utf8"));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([
      decipher.update(data.subarray(0, data.length - 16)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    return undefined;
  }
}

/** What a v2 document is, from its fields. */
export function v2KindOf(fields: Record<string, string>): V2Kind {
  if ("req_info" in fields) return "refunded";
  if ("product_id" in fields && !("transaction_id" in fields)) return "scanned";
  return "paid";
}

/** Wraps captured v2 bytes as a {@link V2Notification}, reading its fields. */
export function v2FromBytes(
  body: Uint8Array,
  headers: Record<string, string>,
  signer: TestMerchantKeys | undefined,
): V2Notification {
  const { fields } = parseV2Xml(new TextDecoder().decode(body));
  const sign = fields.sign;
  const signType =
    sign === undefined
      ? undefined
      : fields.sign_type === "HMAC-SHA256" ||
          (fields.sign_type === undefined && sign.length === 64)
        ? ("HMAC-SHA256" as const)
        : ("MD5" as const);
  return finishNotification(
    {
      method: "POST" as const,
      headers,
      body,
      version: "v2" as const,
      kind: v2KindOf(fields),
      fields,
      ...(signType ? { signType } : {}),
    },
    signer,
  );
}
