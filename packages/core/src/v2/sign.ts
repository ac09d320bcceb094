import type {
  CryptoProvider,
  MaybePromise,
} from "../crypto/crypto-provider.js";

/** The two v2 sign algorithms. */
export type V2SignType = "MD5" | "HMAC-SHA256";

import { utf8 } from "../_internal/bytes.js";

/**
 * The v2 string to sign (spec §1.5): every field but `sign`, without empty
 * values, keys in code-unit order, `k=v` joined by `&`, then `&key=APIv2KEY`.
 * `sign_type` is signed when present.
 */
export function v2StringToSign(
  fields: Readonly<Record<string, string | undefined>>,
  apiV2Key: string,
): string {
  const keys = Object.keys(fields);
  // Received fields come in order already (WeChat Pay sends them sorted):
  // sort only when they are not.
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  }
  let text = "";
  for (const key of keys) {
    if (key === "sign") continue;
    const value = fields[key];
    if (value !== undefined && value !== "") text += `${key}=${value}&`;
  }
  return `${text}key=${apiV2Key}`;
}

/** Computes the upper-case hex v2 sign of `fields` with the APIv2 key. */
export function signV2(
  crypto: CryptoProvider,
  fields: Readonly<Record<string, string | undefined>>,
  apiV2Key: string,
  signType: V2SignType,
): MaybePromise<string> {
  const message = utf8(v2StringToSign(fields, apiV2Key));
  return signType === "MD5"
    ? crypto.md5Hex(message)
    : crypto.hmacSha256Hex(utf8(apiV2Key), message);
}
