import { readFileSync } from "node:fs";
import type { NotifierConfig } from "@wxnotify/core";
import { testMerchant } from "@wxnotify/testing";

/** The environment variables the examples read. */
export type ShopEnv = Readonly<Record<string, string | undefined>>;

/** The merchant configuration and where it came from. */
export interface LoadedConfig {
  /** What `createNotifier` takes (without `idempotency` and `onError`). */
  config: NotifierConfig;
  /** True when no `WECHATPAY_*` variable is set and the built-in test merchant is used. */
  testMerchant: boolean;
  /** One sentence for the start-up log line. */
  description: string;
}

const WECHATPAY_VARIABLES = [
  "WECHATPAY_MCHID",
  "WECHATPAY_APPID",
  "WECHATPAY_API_KEY",
  "WECHATPAY_APIV3_KEY",
  "WECHATPAY_PUBLIC_KEY_ID",
  "WECHATPAY_PUBLIC_KEY_FILE",
  "WECHATPAY_PLATFORM_CERT_FILES",
] as const;

function readPem(variable: string, path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(
      `${variable}: cannot read ${path} (${(error as Error).message}). Give the path of a PEM file.`,
    );
  }
}

/**
 * Reads the merchant from `WECHATPAY_*` variables. With none set, uses the
 * built-in test merchant of @wxnotify/testing, whose keys are public: fine
 * for trying the example, never for real payments.
 */
export function configFromEnv(env: ShopEnv = process.env): LoadedConfig {
  const given = WECHATPAY_VARIABLES.filter((name) => env[name]);
  if (given.length === 0) {
    const merchant = testMerchant();
    return {
      config: merchant.config,
      testMerchant: true,
      description: `no WECHATPAY_* variable set: using the built-in test merchant of @wxnotify/testing (mchid ${merchant.mchId}; its keys are public, test notifications only)`,
    };
  }
  const mchId = env.WECHATPAY_MCHID;
  if (!mchId) {
    throw new Error(
      `WECHATPAY_MCHID is required when other WECHATPAY_* variables are set (${given.join(", ")}).`,
    );
  }
  const publicKeyId = env.WECHATPAY_PUBLIC_KEY_ID;
  const publicKeyFile = env.WECHATPAY_PUBLIC_KEY_FILE;
  if (Boolean(publicKeyId) !== Boolean(publicKeyFile)) {
    throw new Error(
      "WECHATPAY_PUBLIC_KEY_ID and WECHATPAY_PUBLIC_KEY_FILE go together: the id (PUB_KEY_ID_…) names the key in Wechatpay-Serial.",
    );
  }
  const certificateFiles = (env.WECHATPAY_PLATFORM_CERT_FILES ?? "")
    .split(",")
    .map((path) => path.trim())
    .filter(Boolean);
  const config: NotifierConfig = {
    mchId,
    ...(env.WECHATPAY_APPID && { appId: env.WECHATPAY_APPID }),
    ...(env.WECHATPAY_API_KEY && { apiV2Key: env.WECHATPAY_API_KEY }),
    ...(env.WECHATPAY_APIV3_KEY && { apiV3Key: env.WECHATPAY_APIV3_KEY }),
    ...(publicKeyId &&
      publicKeyFile && {
        wechatpayPublicKeys: [
          {
            id: publicKeyId,
            pem: readPem("WECHATPAY_PUBLIC_KEY_FILE", publicKeyFile),
          },
        ],
      }),
    ...(certificateFiles.length > 0 && {
      platformCertificates: certificateFiles.map((path) =>
        readPem("WECHATPAY_PLATFORM_CERT_FILES", path),
      ),
    }),
  };
  const accepts = [
    config.apiV2Key && "v2 (APIv2 key)",
    config.apiV3Key &&
      `v3 (APIv3 key, ${config.wechatpayPublicKeys ? "WeChat Pay public key" : "no public key"}, ${certificateFiles.length} platform certificate(s))`,
  ].filter(Boolean);
  return {
    config,
    testMerchant: false,
    description: `merchant ${mchId} from WECHATPAY_* variables, accepting ${accepts.join(" and ") || "nothing: set WECHATPAY_API_KEY and/or WECHATPAY_APIV3_KEY"}`,
  };
}

/** Where to listen: `PORT` (default 3000) and `HOST` (default 127.0.0.1). */
export function listenAddressFromEnv(env: ShopEnv = process.env): {
  port: number;
  host: string;
} {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number; got ${env.PORT}.`);
  }
  return { port, host: env.HOST || "127.0.0.1" };
}
