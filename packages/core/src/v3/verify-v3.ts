import {
  concatBytes,
  decodeBase64Strict,
  decodeUtf8Strict,
  utf8,
} from "../_internal/bytes.js";
import { andThen } from "../_internal/maybe-promise.js";
import type { ReceivedRequest } from "../_internal/read-request.js";
import type {
  ImportedKeys,
  ResolvedConfig,
  VerifyKeyEntry,
} from "../_internal/resolve-config.js";
import type { AesKey, MaybePromise } from "../crypto/crypto-provider.js";
import {
  ConfigurationError,
  DecryptionError,
  MalformedRequestError,
  SignatureProbeError,
  SignatureVerificationError,
  TimestampError,
} from "../errors.js";
import type { V3Envelope } from "../messages/v3.js";

/** A v3 notification whose signature verified and whose resource decrypted. */
export interface VerifiedV3 {
  envelope: V3Envelope;
  resource: Record<string, unknown>;
  serial: string;
}

const SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048";
const PROBE_PREFIX = "WECHATPAY/SIGNTEST/";
const HEX = /^[0-9a-fA-F]+$/;
const NEWLINE = new Uint8Array([0x0a]);
const REQUIRED_HEADERS = [
  "Wechatpay-Serial",
  "Wechatpay-Signature",
  "Wechatpay-Timestamp",
  "Wechatpay-Nonce",
] as const;

function readHeaders(request: ReceivedRequest) {
  const serial = request.header("wechatpay-serial");
  const signature = request.header("wechatpay-signature");
  const timestamp = request.header("wechatpay-timestamp");
  const nonce = request.header("wechatpay-nonce");
  if (!serial || !signature || !timestamp || !nonce) {
    const values = [serial, signature, timestamp, nonce];
    const missing = REQUIRED_HEADERS.filter((_, i) => !values[i]);
    throw new MalformedRequestError(
      "header_missing",
      `The JSON notification lacks the header${missing.length > 1 ? "s" : ""} ${missing.join(", ")}. WeChat Pay sends all four on every v3 notification: make sure no proxy or gateway strips Wechatpay-* headers.`,
    );
  }
  return { serial, signature, timestamp, nonce };
}

/**
 * Whether a Wechatpay-Timestamp is Unix seconds as WeChat Pay writes them:
 * 1 to 12 ASCII digits, no leading zero (what /^[1-9][0-9]{0,11}$/ matches;
 * a loop over ten characters costs a thirtieth of the regular expression
 * call, ≈ 1,100 cycles per notification in a perf profile).
 */
export function isUnixSeconds(text: string): boolean {
  const length = text.length;
  if (length === 0 || length > 12) return false;
  const first = text.charCodeAt(0);
  if (first < 0x31 || first > 0x39) return false;
  for (let i = 1; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

function checkTimestamp(config: ResolvedConfig, timestamp: string): void {
  if (!isUnixSeconds(timestamp)) {
    throw new MalformedRequestError(
      "header_invalid",
      `Wechatpay-Timestamp must be Unix seconds (digits only), got ${JSON.stringify(timestamp.slice(0, 20))}.`,
    );
  }
  const skew = Number(timestamp) - Math.floor(config.now() / 1000);
  if (Math.abs(skew) > config.toleranceSeconds) {
    const direction = skew > 0 ? "in the future" : "in the past";
    throw new TimestampError(
      `Wechatpay-Timestamp is ${Math.abs(skew)} s ${direction}, beyond the ${config.toleranceSeconds} s tolerance. If the notification is genuine, this server's clock is off (run NTP); a replayed capture is refused by design (re-sign it with a fresh timestamp to test).`,
      skew,
    );
  }
}

function diagnoseBody(body: Uint8Array): string {
  const text = new TextDecoder().decode(body);
  if (/"(?:eventType|originalType|resourceType|createTime)"/.test(text)) {
    return " The body has camelCase keys (eventType, originalType): it was re-serialized from a parsed object. Pass the exact raw bytes received.";
  }
  if (text.includes("\uFFFD")) {
    return " The body contains U+FFFD replacement characters: it was decoded with the wrong charset before it reached the library. Pass the raw bytes.";
  }
  if (/^\{\s*\n\s+"/.test(text)) {
    return " The body is pretty-printed, which WeChat Pay never sends: it was re-serialized. Pass the exact raw bytes received.";
  }
  return " Either the body was changed before it reached the library (a body parser re-serialized it: mount the notify route before any body parser, or pass the exact raw bytes), or the key registered under this serial is not the one WeChat Pay signs with.";
}

function verifySignature(
  config: ResolvedConfig,
  verifyKeys: ImportedKeys["verifyKeys"],
  request: ReceivedRequest,
): MaybePromise<string> {
  const { serial, signature, timestamp, nonce } = readHeaders(request);
  const signatureType = request.header("wechatpay-signature-type");
  if (signatureType !== undefined && signatureType !== SIGNATURE_TYPE) {
    throw new MalformedRequestError(
      "unsupported_algorithm",
      `Wechatpay-Signature-Type ${JSON.stringify(signatureType.slice(0, 40))} is not supported; only ${SIGNATURE_TYPE} is.`,
    );
  }
  checkTimestamp(config, timestamp);
  if (signature.startsWith(PROBE_PREFIX)) {
    // Checked before base64 decoding: probes are not valid base64 (spec §4.10).
    throw new SignatureProbeError(
      "signature_probe",
      "This is a WeChat Pay signature probe (Wechatpay-Signature starts with WECHATPAY/SIGNTEST/). It is refused on purpose; WeChat Pay then redelivers the notification with a real signature.",
    );
  }
  const entry =
    verifyKeys.get(serial) ??
    (HEX.test(serial) ? verifyKeys.get(serial.toUpperCase()) : undefined);
  if (!entry) {
    const known = [...verifyKeys.keys()].join(", ") || "none";
    throw new SignatureVerificationError(
      "unknown_serial",
      `Wechatpay-Serial ${JSON.stringify(serial.slice(0, 64))} is not a configured key (known: ${known}). ${serial.startsWith("PUB_KEY_ID_") ? "Add this WeChat Pay public key from the merchant console to wechatpayPublicKeys." : "Download the current platform certificates and add them to platformCertificates; during a rotation or a migration to the WeChat Pay public key, configure every valid key at once."}`,
    );
  }
  if (entry.notAfter && config.now() > entry.notAfter.getTime()) {
    // WeChat Pay stops signing with a certificate when it expires (spec
    // §4.11): a signature under an expired one is a replay or a stale key.
    throw new SignatureVerificationError(
      "certificate_expired",
      `The platform certificate ${serial} expired on ${entry.notAfter.toISOString()}. Download the current platform certificates (or switch to the WeChat Pay public key) and remove expired ones from platformCertificates.`,
    );
  }
  const signatureBytes = decodeBase64Strict(signature);
  if (!signatureBytes || signatureBytes.length !== entry.key.modulusBytes) {
    throw new SignatureVerificationError(
      "signature_invalid",
      `Wechatpay-Signature is not base64 of a ${entry.key.modulusBytes}-byte RSA signature; the header was truncated or altered.`,
    );
  }
  const message = concatBytes([
    utf8(`${timestamp}\n${nonce}\n`),
    request.body,
    NEWLINE,
  ]);
  const valid = config.crypto.verifyRsaSha256(
    entry.key,
    message,
    signatureBytes,
  );
  return andThen(valid, signatureVerdict, serial, entry.source, request.body);
}

/** The serial when the signature verified; the refusal, explained, when not. */
function signatureVerdict(
  valid: boolean,
  serial: string,
  source: VerifyKeyEntry["source"],
  body: Uint8Array,
): string {
  if (valid) return serial;
  throw new SignatureVerificationError(
    "signature_invalid",
    `Wechatpay-Signature does not verify with the ${source === "public-key" ? "WeChat Pay public key" : "platform certificate"} ${serial}.${diagnoseBody(body)}`,
  );
}

function parseEnvelope(body: Uint8Array): V3Envelope {
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8Strict(body));
  } catch {
    throw new MalformedRequestError(
      "body_malformed",
      "The signed body is not valid UTF-8 JSON.",
    );
  }
  const envelope = value as Partial<V3Envelope> | null;
  const resource = envelope?.resource as
    Partial<V3Envelope["resource"]> | undefined;
  if (
    // The shape every genuine notification has, checked without allocating;
    // the list of problems is built only to explain a refusal.
    typeof envelope === "object" &&
    envelope !== null &&
    typeof envelope.id === "string" &&
    typeof envelope.event_type === "string" &&
    envelope.event_type !== "" &&
    typeof resource === "object" &&
    resource !== null &&
    typeof resource.algorithm === "string" &&
    typeof resource.ciphertext === "string" &&
    typeof resource.nonce === "string" &&
    (resource.associated_data === undefined ||
      resource.associated_data === null ||
      typeof resource.associated_data === "string") &&
    !Array.isArray(envelope)
  ) {
    return envelope as V3Envelope;
  }
  const problems: string[] = [];
  if (
    typeof envelope !== "object" ||
    envelope === null ||
    Array.isArray(envelope)
  ) {
    problems.push("the body is not a JSON object");
  } else {
    if (typeof envelope.id !== "string") problems.push("id");
    if (typeof envelope.event_type !== "string" || envelope.event_type === "") {
      problems.push("event_type");
    }
    if (typeof resource !== "object" || resource === null) {
      problems.push("resource");
    } else {
      for (const field of ["algorithm", "ciphertext", "nonce"] as const) {
        if (typeof resource[field] !== "string")
          problems.push(`resource.${field}`);
      }
      if (
        resource.associated_data !== undefined &&
        resource.associated_data !== null &&
        typeof resource.associated_data !== "string"
      ) {
        problems.push("resource.associated_data");
      }
    }
  }
  if (problems.length > 0) {
    throw new MalformedRequestError(
      "body_malformed",
      `The notification envelope is missing or has wrong types for: ${problems.join(", ")}.`,
    );
  }
  return envelope as V3Envelope;
}

function decryptionFailed(cause: unknown): DecryptionError {
  return new DecryptionError(
    "decryption_failed",
    "The resource does not decrypt with the configured apiV3Key: the key is not the APIv3 key (APIv3密钥) set in the merchant console, or the resource (ciphertext, nonce, associated_data) was altered.",
    { cause },
  );
}

function parseResource(plaintext: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8Strict(plaintext));
  } catch {
    value = undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new MalformedRequestError(
      "body_malformed",
      "The decrypted resource is not a JSON object.",
    );
  }
  return value as Record<string, unknown>;
}

function decryptResource(
  config: ResolvedConfig,
  gcmKey: AesKey,
  envelope: V3Envelope,
): MaybePromise<Record<string, unknown>> {
  const { resource } = envelope;
  if (resource.algorithm !== "AEAD_AES_256_GCM") {
    throw new MalformedRequestError(
      "unsupported_algorithm",
      `resource.algorithm ${JSON.stringify(String(resource.algorithm).slice(0, 32))} is not supported; only AEAD_AES_256_GCM is.`,
    );
  }
  const data = decodeBase64Strict(resource.ciphertext);
  if (!data || data.length < 16 || resource.nonce === "") {
    throw new DecryptionError(
      "decryption_failed",
      "resource.ciphertext is not base64 of ciphertext plus a 16-byte tag (or resource.nonce is empty); the notification was truncated or altered.",
    );
  }
  let plaintext: MaybePromise<Uint8Array>;
  try {
    plaintext = config.crypto.decryptAesGcm(
      gcmKey,
      utf8(resource.nonce),
      utf8(resource.associated_data ?? ""),
      data,
    );
  } catch (error) {
    throw decryptionFailed(error);
  }
  return plaintext instanceof Promise
    ? plaintext.then(parseResource, (error: unknown) => {
        throw decryptionFailed(error);
      })
    : parseResource(plaintext);
}

/**
 * Verifies a v3 notification in the order the protocol prescribes (spec
 * §4.2): headers, timestamp, probe, key by serial, RSA-SHA256 over the exact
 * bytes; only then parses the JSON and decrypts the resource.
 *
 * Synchronous with node:crypto, a promise with the portable provider: each
 * promise and await costs a turn of the microtask queue, and a caller that
 * is already async awaits the result once.
 */
export function verifyV3(
  config: ResolvedConfig,
  request: ReceivedRequest,
): MaybePromise<VerifiedV3> {
  return andThen(config.keys, verifyWithKeys, config, request);
}

function verifyWithKeys(
  keys: ImportedKeys,
  config: ResolvedConfig,
  request: ReceivedRequest,
): MaybePromise<VerifiedV3> {
  const gcmKey = keys.gcmKey;
  if (!gcmKey) {
    throw new ConfigurationError(
      "A v3 JSON notification arrived but apiV3Key is not configured. Set apiV3Key and wechatpayPublicKeys and/or platformCertificates to receive v3 notifications.",
    );
  }
  return andThen(
    verifySignature(config, keys.verifyKeys, request),
    openVerified,
    config,
    gcmKey,
    request,
  );
}

/** Parses and decrypts a notification whose signature verified. */
function openVerified(
  serial: string,
  config: ResolvedConfig,
  gcmKey: AesKey,
  request: ReceivedRequest,
): MaybePromise<VerifiedV3> {
  const envelope = parseEnvelope(request.body);
  return andThen(
    decryptResource(config, gcmKey, envelope),
    verifiedV3,
    envelope,
    serial,
  );
}

function verifiedV3(
  resource: Record<string, unknown>,
  envelope: V3Envelope,
  serial: string,
): VerifiedV3 {
  return { envelope, resource, serial };
}
