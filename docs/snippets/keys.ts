import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  createNotifier,
  type NotifyEndpoint,
  type NotifierConfig,
  type PaidHandler,
} from "@wxnotify/core";

const env = process.env;
const read = (file: string) => readFileSync(file, "utf8");
// WECHATPAY_PLATFORM_CERT_FILES=/secrets/cert-A.pem,/secrets/cert-B.pem
const certificateFiles = (env.WECHATPAY_PLATFORM_CERT_FILES ?? "")
  .split(",")
  .filter(Boolean);

// #region certificates
// Older merchants: platform certificates (平台证书), picked by serial
export const withCertificates = createNotifier({
  mchId: env.WECHATPAY_MCHID!,
  apiV3Key: env.WECHATPAY_APIV3_KEY,
  platformCertificates: certificateFiles.map(read),
});
// #endregion certificates

// #region migration
// Switching to the WeChat Pay public key: both, until the switch reaches
// 100 % and the certificates are invalidated in the merchant console
export const migrating = createNotifier({
  mchId: env.WECHATPAY_MCHID!,
  apiV3Key: env.WECHATPAY_APIV3_KEY,
  wechatpayPublicKeys: [
    {
      id: env.WECHATPAY_PUBLIC_KEY_ID!,
      pem: read(env.WECHATPAY_PUBLIC_KEY_FILE!),
    },
  ],
  platformCertificates: certificateFiles.map(read),
});
// #endregion migration

// #region rotation
/** Every certificate in a folder: during a rotation, the old and the new one. */
export function certificatesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".pem"))
    .map((name) => read(join(dir, name)));
}

/**
 * An endpoint whose keys can be replaced while the server runs: reload()
 * builds a new notifier (parsing the keys once) and swaps it in, so requests
 * in flight finish with the old one.
 */
export function reloadable(
  config: () => NotifierConfig,
  handler: PaidHandler,
): NotifyEndpoint & { reload(): void } {
  let endpoint = createNotifier(config()).paid(handler);
  return Object.assign(
    (request: Parameters<NotifyEndpoint>[0]) => endpoint(request),
    {
      get maxBodyBytes() {
        return endpoint.maxBodyBytes;
      },
      reload() {
        endpoint = createNotifier(config()).paid(handler); // throws if a key is bad
      },
    },
  );
}
// #endregion rotation
