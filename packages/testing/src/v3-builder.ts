import { encryptV3Resource } from "./_internal/aes.js";
import {
  deepMerge,
  getPath,
  hasPath,
  type JsonObject,
} from "./_internal/deep-merge.js";
import { assembleV3 } from "./_internal/v3-build.js";
import {
  EVENT_DEFAULTS,
  headerNonce,
  paidResource,
  REFUND_STATUS,
  refundResource,
  refundSummary,
  resourceNonce,
  type DefaultContext,
  type PaidVariant,
  type RefundVariant,
} from "./_internal/v3-defaults.js";
import {
  resolveNow,
  rfc3339Beijing,
  unixSeconds,
  type NowInput,
} from "./_internal/time.js";
import { randomUUID } from "node:crypto";
import type { V3EnvelopeJson, V3Notification } from "./signed-notification.js";
import type { TestMerchantKeys } from "./test-merchant-keys.js";

/** Overrides of a v3 resource, deep-merged into the default; `undefined` removes a key. */
export type V3ResourceOverrides = Record<string, unknown>;

/** Which key `Wechatpay-Serial` names: the WeChat Pay public key or the platform certificate. */
export type V3Via = "publicKey" | "certificate";

/** Options of every v3 builder. */
export interface V3Options {
  /** The time the notification is sent, in milliseconds; sets `Wechatpay-Timestamp`. Default now. */
  now?: NowInput;
  /** Sign as the WeChat Pay public key (`PUB_KEY_ID_…`, default) or the platform certificate (its serial). */
  via?: V3Via;
  /** `Wechatpay-Serial` to send, whatever `via` says. */
  serial?: string;
  /** `Wechatpay-Nonce` to send. Default: 32 random upper-case hex characters. */
  nonce?: string;
  /** `Wechatpay-Timestamp` to send verbatim, instead of one derived from `now`. */
  timestamp?: string;
  /**
   * Envelope overrides, deep-merged: `id`, `create_time`, `summary`, extra
   * fields, or `resource.associated_data` / `resource.nonce` /
   * `resource.original_type`. A given `resource.ciphertext` is sent as is.
   */
  envelope?: Record<string, unknown>;
  /** Encrypt with this APIv3 key instead of the merchant's (to test a wrong key). */
  apiV3Key?: string;
  /** Encrypt with this associated data while the envelope says otherwise (to test a wrong AAD). */
  encryptionAad?: string;
}

/** Options of {@link V3Builder.paid}. */
export interface V3PaidOptions extends V3Options {
  /** Direct merchant (default), service-provider (partner) or combined (合单) payment. */
  variant?: PaidVariant;
}

/** Options of {@link V3Builder.refund}. */
export interface V3RefundOptions extends V3Options {
  /** `SUCCESS` (default, `REFUND.SUCCESS`), `ABNORMAL` or `CLOSED`. */
  status?: "SUCCESS" | "ABNORMAL" | "CLOSED";
  /** Direct merchant (default) or service-provider (partner) refund. */
  variant?: RefundVariant;
}

/** Builders of signed v3 notifications for one merchant. */
export interface V3Builder {
  /** A `TRANSACTION.SUCCESS` payment notification. */
  paid(resource?: V3ResourceOverrides, options?: V3PaidOptions): V3Notification;
  /** A `REFUND.SUCCESS` (or `ABNORMAL`/`CLOSED`) refund notification. */
  refund(
    resource?: V3ResourceOverrides,
    options?: V3RefundOptions,
  ): V3Notification;
  /**
   * Any event type: known ones (spec §6) start from a realistic default
   * resource; for others `resource` is the whole plaintext.
   */
  event(
    eventType: string,
    resource?: V3ResourceOverrides,
    options?: V3EventOptions,
  ): V3Notification;
}

/** Options of {@link V3Builder.event}: `variant` applies to payments and refunds. */
export interface V3EventOptions extends V3Options {
  /** Direct (default), partner, or for payments combined. */
  variant?: PaidVariant;
}

interface EventSpec {
  summary: string;
  originalType: string;
  associatedData: string;
  resource: JsonObject;
}

/** Copies amounts the caller did not set from the ones they did (payer_total follows total). */
function followAmounts(
  resource: JsonObject,
  overrides: JsonObject,
  pairs: readonly [string, string][],
): JsonObject {
  const amount = getPath(resource, ["amount"]);
  if (typeof amount !== "object" || amount === null) return resource;
  const next = { ...(amount as JsonObject) };
  for (const [source, follower] of pairs) {
    if (
      hasPath(overrides, ["amount", source]) &&
      !hasPath(overrides, ["amount", follower]) &&
      follower in next
    ) {
      next[follower] = next[source];
    }
  }
  return { ...resource, amount: next };
}

function specFor(
  eventType: string,
  overrides: JsonObject,
  options: V3EventOptions,
  ctx: DefaultContext,
): EventSpec {
  if (eventType === "TRANSACTION.SUCCESS") {
    const base = paidResource(options.variant ?? "direct", ctx);
    return {
      summary: "支付成功",
      originalType: "transaction",
      associatedData: "transaction",
      resource: followAmounts(deepMerge(base, overrides), overrides, [
        ["total", "payer_total"],
      ]),
    };
  }
  const status = REFUND_STATUS[eventType];
  if (status !== undefined) {
    const variant: RefundVariant =
      options.variant === "partner" ? "partner" : "direct";
    const base = refundResource(status, variant, ctx);
    return {
      summary: refundSummary(status),
      originalType: "refund",
      associatedData: "refund",
      resource: followAmounts(deepMerge(base, overrides), overrides, [
        ["total", "payer_total"],
        ["refund", "payer_refund"],
      ]),
    };
  }
  const known = EVENT_DEFAULTS[eventType];
  if (known) {
    return {
      summary: known.summary,
      originalType: known.originalType,
      associatedData: known.associatedData,
      resource: deepMerge(known.resource(ctx), overrides),
    };
  }
  // An event type this package has no model for: the caller's resource is the plaintext.
  const family = (eventType.split(".")[0] ?? eventType).toLowerCase();
  return {
    summary: "通知",
    originalType: family,
    associatedData: family.length <= 16 ? family : "",
    resource: deepMerge({}, overrides),
  };
}

/** Creates the v3 builders of a merchant. */
export function createV3Builder(keys: TestMerchantKeys): V3Builder {
  const build = (
    eventType: string,
    overrides: V3ResourceOverrides,
    options: V3EventOptions,
  ): V3Notification => {
    const now = resolveNow(options.now);
    const spec = specFor(eventType, overrides, options, { keys, now });
    const resourceText = JSON.stringify(spec.resource);
    const base: JsonObject = {
      id: randomUUID(),
      create_time: rfc3339Beijing(now),
      resource_type: "encrypt-resource",
      event_type: eventType,
      summary: spec.summary,
      resource: {
        original_type: spec.originalType,
        algorithm: "AEAD_AES_256_GCM",
        ciphertext: "",
        associated_data: spec.associatedData,
        nonce: resourceNonce(),
      },
    };
    const envelope = deepMerge(base, options.envelope ?? {}) as V3EnvelopeJson;
    const given = getPath(options.envelope, ["resource", "ciphertext"]);
    if (typeof given !== "string") {
      const r = envelope.resource;
      r.ciphertext = encryptV3Resource(
        resourceText,
        options.apiV3Key ?? keys.apiV3Key,
        r.nonce,
        options.encryptionAad ?? r.associated_data ?? "",
      );
    }
    const serial =
      options.serial ??
      (options.via === "certificate"
        ? keys.certificateSerial
        : keys.publicKeyId);
    return assembleV3(
      {
        eventType,
        envelope,
        resource: spec.resource,
        resourceText,
        timestamp: options.timestamp ?? unixSeconds(now),
        nonce: options.nonce ?? headerNonce(),
        serial,
      },
      keys,
    );
  };
  return {
    paid: (resource = {}, options = {}) =>
      build("TRANSACTION.SUCCESS", resource, options),
    refund: (resource = {}, options = {}) =>
      build(`REFUND.${options.status ?? "SUCCESS"}`, resource, options),
    event: (eventType, resource = {}, options = {}) =>
      build(eventType, resource, options),
  };
}
