import type { V2Kind, V2Notification } from "../signed-notification.js";
import type { TestMerchantKeys } from "../test-merchant-keys.js";
import { finishNotification, utf8 } from "./notification.js";
import { signV2, type V2SignType } from "./v2-signature.js";
import { toV2Xml } from "./xml.js";

/** Stands for "compute the sign here", so that `sign` keeps its position. */
export const SIGN_HERE = "\u0000wxnotify:sign\u0000";

/** Inputs of {@link assembleV2}. */
export interface V2Parts {
  kind: V2Kind;
  /** Final fields in document order; `sign` may be {@link SIGN_HERE}. */
  fields: Record<string, string | undefined>;
  /** Key to compute the sign with. */
  apiV2Key: string;
  /** Algorithm to compute the sign with. */
  signType?: V2SignType;
  /** Fields written as plain text rather than CDATA. */
  plainText?: readonly string[];
  /** For a refund: the plaintext fields inside `req_info`. */
  refund?: Record<string, string>;
}

/** Computes the sign if asked for, serializes the XML and wraps it up. */
export function assembleV2(
  parts: V2Parts,
  signer: TestMerchantKeys | undefined,
): V2Notification {
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(parts.fields)) {
    if (v !== undefined) fields[k] = v;
  }
  if (fields.sign === SIGN_HERE) {
    fields.sign = signV2(fields, parts.apiV2Key, parts.signType ?? "MD5");
  }
  const xml = toV2Xml(fields, { plainText: parts.plainText ?? [] });
  const signType =
    fields.sign === undefined
      ? undefined
      : fields.sign_type === "HMAC-SHA256" ||
          (fields.sign_type === undefined && fields.sign.length === 64)
        ? "HMAC-SHA256"
        : "MD5";
  return finishNotification(
    {
      method: "POST" as const,
      headers: { "Content-Type": "text/xml" },
      body: utf8(xml),
      version: "v2" as const,
      kind: parts.kind,
      fields,
      ...(parts.refund ? { refund: parts.refund } : {}),
      ...(signType ? { signType } : {}),
    },
    signer,
  );
}
