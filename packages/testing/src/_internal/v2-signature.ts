import { createHash, createHmac } from "node:crypto";

/** The two v2 signature algorithms (spec §1.5). */
export type V2SignType = "MD5" | "HMAC-SHA256";

/**
 * The string a v2 signature covers (spec §1.5 steps 1–5): `sign` and empty
 * values dropped, keys sorted by code unit, raw values joined with `&`, then
 * `&key=` and the APIv2 key.
 */
export function v2StringToSign(
  fields: Readonly<Record<string, string | undefined>>,
  apiV2Key: string,
): string {
  const keys = Object.keys(fields)
    .filter((k) => k !== "sign" && fields[k] !== undefined && fields[k] !== "")
    // Code-unit order, not localeCompare: WeChat sorts by ASCII.
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const stringA = keys.map((k) => `${k}=${fields[k]}`).join("&");
  return `${stringA}&key=${apiV2Key}`;
}

/** Upper-case hex v2 signature of `fields` under the APIv2 key (spec §1.5). */
export function signV2(
  fields: Readonly<Record<string, string | undefined>>,
  apiV2Key: string,
  signType: V2SignType = "MD5",
): string {
  const message = Buffer.from(v2StringToSign(fields, apiV2Key), "utf8");
  if (signType === "MD5") {
    return createHash("md5").update(message).digest("hex").toUpperCase();
  }
  if (signType === "HMAC-SHA256") {
    // The key is used twice on purpose: as the HMAC key and inside the message.
    return createHmac("sha256", Buffer.from(apiV2Key, "utf8"))
      .update(message)
      .digest("hex")
      .toUpperCase();
  }
  throw new TypeError(
    `@wxnotify/testing: unknown v2 sign type ${JSON.stringify(signType)}; use "MD5" or "HMAC-SHA256".`,
  );
}
