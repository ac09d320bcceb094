import {
  createDecipheriv,
  createHash,
  createHmac,
  createSecretKey,
  timingSafeEqual,
} from "node:crypto";
import type { BenchRequest } from "../inputs.js";
import { extractFlatXml } from "./flat-xml.js";

function text(body: Uint8Array): string {
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString();
}

/**
 * The limit for a v2 payment: minimal flat-XML extract, the string to sign
 * (no `sign`, no empty values, keys sorted, `&key=`), MD5 or HMAC-SHA256
 * chosen by `sign_type` or the sign's length, constant-time compare.
 */
export function createLimitV2Paid(apiV2Key: string) {
  const hmacKey = createSecretKey(Buffer.from(apiV2Key, "utf8"));
  const suffix = `key=${apiV2Key}`;
  return (request: BenchRequest): Record<string, string> => {
    const fields = extractFlatXml(text(request.body));
    const keys = Object.keys(fields).sort();
    let message = "";
    for (const key of keys) {
      const value = fields[key]!;
      if (key !== "sign" && value !== "") message += `${key}=${value}&`;
    }
    message += suffix;
    const sign = fields.sign ?? "";
    const hmac =
      fields.sign_type === "HMAC-SHA256" ||
      (fields.sign_type === undefined && sign.length === 64);
    const expected = (
      hmac
        ? createHmac("sha256", hmacKey).update(message)
        : createHash("md5").update(message)
    )
      .digest("hex")
      .toUpperCase();
    const a = Buffer.from(expected);
    const b = Buffer.from(sign);
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      throw new Error("sign");
    }
    return fields;
  };
}

/**
 * The limit for a v2 refund: minimal flat-XML extract of the outer
 * document, base64, AES-256-ECB with PKCS#7 (key = ASCII of the lower-case
 * hex MD5 of the APIv2 key, derived once), minimal extract of `<root>`.
 */
export function createLimitV2Refund(apiV2Key: string) {
  const key = createSecretKey(
    Buffer.from(createHash("md5").update(apiV2Key).digest("hex"), "ascii"),
  );
  return (request: BenchRequest): Record<string, string> => {
    const outer = extractFlatXml(text(request.body));
    const decipher = createDecipheriv("aes-256-ecb", key, null);
    const data = Buffer.from(outer.req_info!, "base64");
    const plaintext = Buffer.concat([decipher.update(data), decipher.final()]);
    return extractFlatXml(plaintext.toString());
  };
}
