import type { NotifierConfig, ErrorContext } from "../config.js";
import type {
  AesKey,
  CryptoProvider,
  MaybePromise,
  RsaVerifyKey,
} from "../crypto/crypto-provider.js";
import { ConfigurationError, type WxNotifyError } from "../errors.js";
import type { AnyMessage } from "../handlers.js";
import {
  defaultIdempotencyKey,
  type IdempotencyOptions,
} from "../idempotency/idempotency-options.js";
import type { IdempotencyStore } from "../idempotency/idempotency-store.js";
import { utf8 } from "./bytes.js";
import { all, andThen } from "./maybe-promise.js";

/** A verification key and where it came from. */
export interface VerifyKeyEntry {
  key: RsaVerifyKey;
  source: "public-key" | "platform-certificate";
  /** End of a platform certificate's validity. */
  notAfter?: Date;
}

/** Keys imported by the provider, once. */
export interface ImportedKeys {
  /** `Wechatpay-Serial` value → key. */
  verifyKeys: ReadonlyMap<string, VerifyKeyEntry>;
  /** APIv3 key for AES-256-GCM. */
  gcmKey?: AesKey;
  /** AES-256-ECB key for v2 refund `req_info`: ASCII of lower-case hex MD5(APIv2 key). */
  refundKey?: Uint8Array;
}

/** Duplicate suppression with defaults filled in. */
export interface ResolvedIdempotency {
  store: IdempotencyStore;
  key: (message: AnyMessage) => string | null | undefined;
  leaseMs: number;
  doneTtlMs: number;
  waitMs: number;
  pollMs: number;
}

/** The configuration after validation, with defaults filled in. */
export interface ResolvedConfig {
  mchIds: ReadonlySet<string>;
  appIds?: ReadonlySet<string>;
  apiV2Key?: string;
  v2SignType?: "MD5" | "HMAC-SHA256";
  toleranceSeconds: number;
  now: () => number;
  maxBodyBytes: number;
  v3SuccessStatus: 200 | 204;
  crypto: CryptoProvider;
  onError: (error: WxNotifyError, context: ErrorContext) => void;
  idempotency?: ResolvedIdempotency;
  /** Ready now with a synchronous provider, a promise with an asynchronous one. */
  keys: MaybePromise<ImportedKeys>;
}

const PUBLIC_KEY_ID = /^PUB_KEY_ID_[0-9A-Za-z]+$/;

function idSet(
  value: string | readonly string[] | undefined,
  name: string,
): Set<string> | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === "string" ? [value] : [...value];
  if (
    list.length === 0 ||
    list.some((id) => typeof id !== "string" || id === "")
  ) {
    throw new ConfigurationError(
      `${name} must be a non-empty string or a non-empty array of them.`,
    );
  }
  return new Set(list);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function importVerifyKeys(
  config: NotifierConfig,
  crypto: CryptoProvider,
): MaybePromise<Map<string, VerifyKeyEntry>> {
  const pending: MaybePromise<[string, VerifyKeyEntry]>[] = [];
  for (const [index, entry] of (config.wechatpayPublicKeys ?? []).entries()) {
    if (
      !entry ||
      typeof entry.id !== "string" ||
      !PUBLIC_KEY_ID.test(entry.id)
    ) {
      throw new ConfigurationError(
        `wechatpayPublicKeys[${index}].id must be the id shown next to the key in the merchant console, "PUB_KEY_ID_" followed by digits.`,
      );
    }
    pending.push(
      andThen(
        guard(
          () => crypto.importRsaPublicKey(entry.pem),
          `wechatpayPublicKeys[${index}] (${entry.id}) is not a PEM RSA "PUBLIC KEY"`,
        ),
        (key) => [entry.id, { key, source: "public-key" } as VerifyKeyEntry],
      ),
    );
  }
  for (const [index, entry] of (config.platformCertificates ?? []).entries()) {
    const pem = typeof entry === "string" ? entry : entry?.pem;
    const serial = typeof entry === "string" ? undefined : entry?.serial;
    pending.push(
      andThen(
        guard(
          () => crypto.parseCertificate(pem ?? ""),
          `platformCertificates[${index}] is not a PEM "CERTIFICATE" with an RSA key`,
        ),
        (certificate) => [
          serial ?? certificate.serial,
          {
            key: certificate.publicKey,
            source: "platform-certificate",
            notAfter: certificate.notAfter,
          } as VerifyKeyEntry,
        ],
      ),
    );
  }
  return andThen(all(pending), (entries) => {
    const map = new Map<string, VerifyKeyEntry>();
    for (const [id, entry] of entries) {
      if (map.has(id)) {
        throw new ConfigurationError(
          `The verification key "${id}" is configured twice; list each WeChat Pay public key and platform certificate once.`,
        );
      }
      map.set(id, entry);
    }
    return map;
  });
}

/** Runs a provider call, turning a failure (sync or async) into a ConfigurationError. */
function guard<T>(run: () => MaybePromise<T>, what: string): MaybePromise<T> {
  const fail = (error: unknown): never => {
    throw new ConfigurationError(`${what} (${describe(error)}).`, {
      cause: error,
    });
  };
  try {
    const value = run();
    return value instanceof Promise ? value.catch(fail) : value;
  } catch (error) {
    return fail(error);
  }
}

function resolveIdempotency(
  options: IdempotencyOptions | undefined,
): ResolvedIdempotency | undefined {
  if (options === undefined) return undefined;
  const store = options?.store;
  if (
    !store ||
    typeof store.acquire !== "function" ||
    typeof store.complete !== "function" ||
    typeof store.release !== "function"
  ) {
    throw new ConfigurationError(
      "idempotency.store must be an IdempotencyStore (acquire, complete, release), e.g. createMemoryStore().",
    );
  }
  const durations = {
    leaseMs: options.leaseMs ?? 60_000,
    doneTtlMs: options.doneTtlMs ?? 25 * 60 * 60 * 1000,
    waitMs: options.waitMs ?? 0,
    pollMs: options.pollMs ?? 50,
  };
  for (const [name, value] of Object.entries(durations)) {
    const minimum = name === "waitMs" ? 0 : 1;
    if (!Number.isInteger(value) || value < minimum) {
      throw new ConfigurationError(
        `idempotency.${name} must be a whole number of milliseconds${minimum ? " above 0" : ""}.`,
      );
    }
  }
  return { store, key: options.key ?? defaultIdempotencyKey, ...durations };
}

/** Validates the configuration and imports every key once. Throws ConfigurationError. */
export function resolveConfig(
  config: NotifierConfig,
  defaultCrypto: CryptoProvider,
): ResolvedConfig {
  if (config === null || typeof config !== "object") {
    throw new ConfigurationError(
      "createNotifier() needs a configuration object.",
    );
  }
  const mchIds = idSet(config.mchId, "mchId");
  if (!mchIds) {
    throw new ConfigurationError(
      "mchId is required: notifications for another merchant are refused.",
    );
  }
  const crypto = config.crypto ?? defaultCrypto;
  const { apiV2Key, apiV3Key } = config;
  if (apiV2Key === undefined && apiV3Key === undefined) {
    throw new ConfigurationError(
      "Set apiV2Key (for v2 XML notifications), apiV3Key (for v3 JSON notifications), or both.",
    );
  }
  if (
    apiV2Key !== undefined &&
    (typeof apiV2Key !== "string" || apiV2Key === "")
  ) {
    throw new ConfigurationError("apiV2Key must be a non-empty string.");
  }
  const hasVerifyKeys =
    (config.wechatpayPublicKeys?.length ?? 0) +
      (config.platformCertificates?.length ?? 0) >
    0;
  let gcmKey: MaybePromise<AesKey> | undefined;
  if (apiV3Key !== undefined) {
    const bytes = typeof apiV3Key === "string" ? utf8(apiV3Key) : undefined;
    if (!bytes || bytes.length !== 32) {
      throw new ConfigurationError(
        `apiV3Key must be exactly 32 bytes, it is ${bytes?.length ?? 0}. Use the APIv3 key (APIv3密钥) from the merchant console as it is, not hex- or base64-decoded, and not the APIv2 key.`,
      );
    }
    if (!hasVerifyKeys) {
      throw new ConfigurationError(
        "apiV3Key is set but there is nothing to verify v3 signatures with: add wechatpayPublicKeys (PUB_KEY_ID_…) and/or platformCertificates.",
      );
    }
    gcmKey = guard(
      () => crypto.importAesGcmKey(bytes),
      "apiV3Key could not be imported",
    );
  } else if (hasVerifyKeys) {
    throw new ConfigurationError(
      "WeChat Pay public keys or platform certificates are set but apiV3Key is not: v3 resources could not be decrypted.",
    );
  }
  const tolerance = config.timestampToleranceSeconds ?? 300;
  if (!Number.isFinite(tolerance) || tolerance <= 0) {
    throw new ConfigurationError(
      "timestampToleranceSeconds must be a positive number of seconds.",
    );
  }
  const maxBodyBytes = config.maxBodyBytes ?? 1024 * 1024;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new ConfigurationError("maxBodyBytes must be a positive integer.");
  }
  if (
    config.v2SignType !== undefined &&
    config.v2SignType !== "MD5" &&
    config.v2SignType !== "HMAC-SHA256"
  ) {
    throw new ConfigurationError('v2SignType must be "MD5" or "HMAC-SHA256".');
  }
  const v3SuccessStatus = config.v3SuccessStatus ?? 204;
  if (v3SuccessStatus !== 200 && v3SuccessStatus !== 204) {
    throw new ConfigurationError("v3SuccessStatus must be 200 or 204.");
  }

  const refundKey =
    apiV2Key === undefined
      ? undefined
      : andThen(crypto.md5Hex(utf8(apiV2Key)), (hex) =>
          utf8(hex.toLowerCase()),
        );
  const verifyKeys = importVerifyKeys(config, crypto);
  const keys = andThen(
    all<unknown>([verifyKeys, gcmKey, refundKey]),
    (values) => ({
      verifyKeys: values[0] as Map<string, VerifyKeyEntry>,
      gcmKey: values[1] as AesKey | undefined,
      refundKey: values[2] as Uint8Array | undefined,
    }),
  );
  if (keys instanceof Promise) {
    // Reported on first use; keep an unobserved rejection from crashing the process.
    keys.catch(() => undefined);
  }
  const userOnError = config.onError;
  return {
    mchIds,
    appIds: idSet(config.appId, "appId"),
    apiV2Key,
    v2SignType: config.v2SignType,
    toleranceSeconds: tolerance,
    now: config.now ?? Date.now,
    maxBodyBytes,
    v3SuccessStatus,
    crypto,
    idempotency: resolveIdempotency(config.idempotency),
    onError: (error, context) => {
      if (!userOnError) return;
      try {
        userOnError(error, context);
      } catch {
        // A failing logger must not turn a reply into a crash.
      }
    },
    keys,
  };
}
