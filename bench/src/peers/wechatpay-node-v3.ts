import Pay from "wechatpay-node-v3";
import { encryptV3Resource, type TestMerchant } from "@wxnotify/testing";
import { bodyText, type BenchRequest } from "../inputs.js";

/**
 * wechatpay-node-v3 2.2.1 through its public API: `verifySign` (looks the
 * platform certificate up by serial, `createVerify("RSA-SHA256")` over
 * `${timestamp}\n${nonce}\n${body}\n` with the key kept as a PEM string, so
 * parsed on every call), `JSON.parse`, `decipher_gcm` (AES-256-GCM, then
 * `JSON.parse`). Its certificates are loaded the way the library does it:
 * the first `verifySign` with an unknown serial downloads them (private
 * `fetchCertificates`), here from a `createHttp` stub that answers
 * `/v3/certificates` with the test merchant's certificate, encrypted.
 *
 * What it does not check: the timestamp (no window at all), and the GCM tag
 * (`decipher_gcm` never calls `decipher.final()`, so a resource under
 * another key or AAD decrypts to garbage or to the plaintext, unnoticed).
 * It knows no `PUB_KEY_ID_` keys.
 */
export function createNodeV3(
  merchant: TestMerchant,
): (request: BenchRequest) => Promise<Record<string, unknown>> {
  const pay = new Pay({
    appid: merchant.appId,
    mchid: merchant.mchId,
    serial_no: "BENCH",
    publicKey: Buffer.from(merchant.certificatePem),
    privateKey: Buffer.from(merchant.privateKeyPem),
    key: merchant.apiV3Key,
  });
  const nonce = "certnonce123";
  pay.createHttp({
    get: async () => ({
      status: 200,
      data: {
        data: [
          {
            serial_no: merchant.certificateSerial,
            effective_time: "2024-01-01T00:00:00+08:00",
            expire_time: "2049-12-31T00:00:00+08:00",
            encrypt_certificate: {
              algorithm: "AEAD_AES_256_GCM",
              nonce,
              associated_data: "certificate",
              ciphertext: encryptV3Resource(
                merchant.certificatePem,
                merchant.apiV3Key,
                nonce,
                "certificate",
              ),
            },
          },
        ],
      },
    }),
    post: () => Promise.reject(new Error("not used")),
    upload: () => Promise.reject(new Error("not used")),
  });
  return async (request) => {
    const headers = request.headers;
    const body = bodyText(request.body);
    const valid = await pay.verifySign({
      timestamp: headers["wechatpay-timestamp"]!,
      nonce: headers["wechatpay-nonce"]!,
      body,
      serial: headers["wechatpay-serial"]!,
      signature: headers["wechatpay-signature"]!,
    });
    if (!valid) throw new Error("signature");
    const { resource } = JSON.parse(body) as {
      resource: Record<string, string>;
    };
    // Returns the decrypted text itself when it is not JSON; nothing throws.
    return pay.decipher_gcm<Record<string, unknown>>(
      resource.ciphertext!,
      resource.associated_data!,
      resource.nonce!,
      merchant.apiV3Key,
    );
  };
}
