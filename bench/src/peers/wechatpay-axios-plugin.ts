import { Aes, Formatter, Hash, Rsa, Transformer } from "wechatpay-axios-plugin";
import { bodyText, type BenchRequest } from "../inputs.js";

const MAXIMUM_CLOCK_OFFSET = 300;

/**
 * wechatpay-axios-plugin 0.9.6 has no notification handler; its README
 * gives the pieces, used here exactly that way. v3: the ±300 s timestamp
 * check written as its response verifier (`lib/decorator.js`) does it,
 * `Rsa.verify(Formatter.response(ts, nonce, body), signature, key)` with the
 * key parsed once by `Rsa.from(pem, "public")`, `JSON.parse`,
 * `Aes.AesGcm.decrypt(ciphertext, apiV3Key, nonce, aad)`, `JSON.parse`.
 */
export function createAxiosPluginV3(
  verifyKeys: Record<string, string>,
  apiV3Key: string,
  now: () => number,
): (request: BenchRequest) => Record<string, unknown> {
  const certs = new Map(
    Object.entries(verifyKeys).map(([serial, pem]) => [
      serial,
      Rsa.from(pem, "public"),
    ]),
  );
  return (request) => {
    const headers = request.headers;
    const timestamp = headers["wechatpay-timestamp"]!;
    const nonce = headers["wechatpay-nonce"]!;
    const signature = headers["wechatpay-signature"]!;
    const key = certs.get(headers["wechatpay-serial"]!);
    if (!key) throw new Error("unknown serial");
    if (
      Math.abs(Math.floor(now() / 1000) - Number(timestamp)) >
      MAXIMUM_CLOCK_OFFSET
    ) {
      throw new Error("timestamp");
    }
    const body = bodyText(request.body);
    if (
      !Rsa.verify(Formatter.response(timestamp, nonce, body), signature, key)
    ) {
      throw new Error("signature");
    }
    const { resource } = JSON.parse(body) as {
      resource: Record<string, string>;
    };
    return JSON.parse(
      Aes.AesGcm.decrypt(
        resource.ciphertext!,
        apiV3Key,
        resource.nonce!,
        resource.associated_data,
      ),
    ) as Record<string, unknown>;
  };
}

/**
 * v2 payment, as its README signs and checks v2 data: `Transformer.toObject`
 * (fast-xml-parser), `Hash.sign(type, data, Hash.keyObjectFrom(apiV2Key))`
 * with the type from the sign's length (as its response verifier does),
 * `Hash.equals` (constant-time).
 */
export function createAxiosPluginV2Paid(
  apiV2Key: string,
): (request: BenchRequest) => Record<string, string> {
  const secret = Hash.keyObjectFrom(apiV2Key);
  return (request) => {
    const data = Transformer.toObject(bodyText(request.body)) as Record<
      string,
      string
    >;
    const type = data.sign?.length === 64 ? "HMAC-SHA256" : "MD5";
    if (!Hash.equals(Hash.sign(type, data, secret), data.sign)) {
      throw new Error("sign");
    }
    return data;
  };
}

/**
 * v2 refund, as its README decrypts `req_info`: `Transformer.toObject`,
 * `Aes.AesEcb.decrypt(req_info, Hash.md5(secret))` (the key derived once
 * here, where the README derives it inline), `Transformer.toObject`.
 */
export function createAxiosPluginV2Refund(
  apiV2Key: string,
): (request: BenchRequest) => Record<string, unknown> {
  const key = Hash.md5(Hash.keyObjectFrom(apiV2Key));
  return (request) => {
    const outer = Transformer.toObject(bodyText(request.body)) as Record<
      string,
      unknown
    >;
    outer.req_info = Transformer.toObject(
      Aes.AesEcb.decrypt(outer.req_info as string, key),
    );
    return outer;
  };
}
