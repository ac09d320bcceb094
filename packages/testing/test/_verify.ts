// A minimal, independent verifier written with node:crypto for these tests:
// it checks what the builders emit without relying on @wxnotify/core.
import { createDecipheriv, createHash, createHmac, verify } from "node:crypto";
import type { TestMerchantKeys } from "../src/index.js";

export function header(
  headers: Record<string, string>,
  name: string,
): string | undefined {
  const hit = Object.entries(headers).find(
    ([k]) => k.toLowerCase() === name.toLowerCase(),
  );
  return hit?.[1];
}

export function v3SignatureValid(
  n: { headers: Record<string, string>; body: Uint8Array },
  publicKeyPem: string,
): boolean {
  const ts = header(n.headers, "Wechatpay-Timestamp") ?? "";
  const nonce = header(n.headers, "Wechatpay-Nonce") ?? "";
  const sig = header(n.headers, "Wechatpay-Signature") ?? "";
  const message = Buffer.concat([
    Buffer.from(`${ts}\n${nonce}\n`),
    n.body,
    Buffer.from("\n"),
  ]);
  return verify("sha256", message, publicKeyPem, Buffer.from(sig, "base64"));
}

export function v3Decrypt(bodyText: string, apiV3Key: string): unknown {
  const r = (
    JSON.parse(bodyText) as {
      resource: { ciphertext: string; nonce: string; associated_data: string };
    }
  ).resource;
  const data = Buffer.from(r.ciphertext, "base64");
  const d = createDecipheriv(
    "aes-256-gcm",
    Buffer.from(apiV3Key),
    Buffer.from(r.nonce),
  );
  d.setAAD(Buffer.from(r.associated_data));
  d.setAuthTag(data.subarray(-16));
  return JSON.parse(
    Buffer.concat([d.update(data.subarray(0, -16)), d.final()]).toString(),
  );
}

export function v2Fields(xml: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of xml.matchAll(
    /<(\w+)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g,
  )) {
    out[m[1] as string] = m[2] ?? m[3] ?? "";
  }
  return out;
}

export function v2SignValid(xml: string, apiV2Key: string): boolean {
  const f = v2Fields(xml);
  const sign = f.sign ?? "";
  const s =
    Object.keys(f)
      .filter((k) => k !== "sign" && f[k] !== "")
      .sort()
      .map((k) => `${k}=${f[k]}`)
      .join("&") + `&key=${apiV2Key}`;
  const expected =
    f.sign_type === "HMAC-SHA256" || (!f.sign_type && sign.length === 64)
      ? createHmac("sha256", apiV2Key).update(s).digest("hex")
      : createHash("md5").update(s).digest("hex");
  return expected.toUpperCase() === sign;
}

export function v2DecryptReqInfo(reqInfo: string, apiV2Key: string): string {
  const key = Buffer.from(createHash("md5").update(apiV2Key).digest("hex"));
  const d = createDecipheriv("aes-256-ecb", key, null);
  return Buffer.concat([
    d.update(Buffer.from(reqInfo, "base64")),
    d.final(),
  ]).toString();
}

export type { TestMerchantKeys };
