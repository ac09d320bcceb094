import type { ResolvedConfig } from "../_internal/resolve-config.js";
import { MalformedRequestError, MerchantMismatchError } from "../errors.js";
import type { PaymentSummary, RefundSummary } from "../messages/common.js";
import type {
  KnownV3EventType,
  V3CombineTransaction,
  V3Event,
  V3PaidMessage,
  V3Refund,
  V3RefundedMessage,
  V3Transaction,
  V3PartnerTransaction,
} from "../messages/v3.js";
import type { VerifiedV3 } from "./verify-v3.js";

/** Every `event_type` with a typed resource (spec §6). */
export const KNOWN_V3_EVENT_TYPES: ReadonlySet<KnownV3EventType> =
  new Set<KnownV3EventType>([
    "TRANSACTION.SUCCESS",
    "REFUND.SUCCESS",
    "REFUND.ABNORMAL",
    "REFUND.CLOSED",
    "PROFITSHARING.SUCCESS",
    "PROFITSHARING.RETURN",
    "COMPLAINT.CREATE",
    "COMPLAINT.STATE_CHANGE",
    "PAYSCORE.USER_OPEN_SERVICE",
    "PAYSCORE.USER_CLOSE_SERVICE",
    "PAYSCORE.USER_CONFIRM",
    "PAYSCORE.USER_PAID",
    "COUPON.USE",
    "COUPON.SEND",
    "MCHTRANSFER.BATCH.FINISHED",
    "MCHTRANSFER.BATCH.CLOSED",
    "MCHTRANSFER.BILL.FINISHED",
    "MCHTRANSFER.AUTHORIZATION.CONFIRMED",
    "MALL_TRANSACTION.SUCCESS",
    "MALL_REFUND.SUCCESS",
    "MALL_AUTH.ACTIVATE_CARD",
    "MEMBERCARD.ACTIVATE_CARD",
    "MEMBERCARD.USERCARD_MANAGE",
    "RISKTRADE.IDENTIFICATION",
    "VIOLATION.PUNISH",
    "VIOLATION.INTERCEPT",
    "VIOLATION.APPEAL",
    "FAPIAO.USER_APPLIED",
    "DISCOUNT_CARD.USER_ACCEPTED",
    "DISCOUNT_CARD.AGREEMENT_ENDED",
    "DISCOUNT_CARD.USER_PAID",
    "VEHICLE.ENTRANCE_STATE_CHANGE",
    "RECHARGE.SUCCESS",
    "RECHARGE.CLOSED",
    "DELIVERY_PLAN.CHANGE",
    "ECOMMERCE_ENTRUST.SIGN",
    "ECOMMERCE_ENTRUST.TERMINATE",
    "BRAND_MEMBER_CARD_SP.USER_CARD.CREATE",
    "BRAND_MEMBER_CARD_SP.SYNC_USER_POINT",
    "BRAND_MEMBER_CARD_SP.POINT_EXCHANGE_COUPON",
  ]);

function malformed(message: string): MalformedRequestError {
  return new MalformedRequestError("body_malformed", message);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function fen(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw malformed(
      `The decrypted ${field} must be a whole number of fen, got ${JSON.stringify(value)?.slice(0, 32) ?? "nothing"}.`,
    );
  }
  return value;
}

function requireStrings(
  resource: Record<string, unknown>,
  names: readonly string[],
  what: string,
): void {
  for (const name of names) {
    if (typeof resource[name] !== "string") {
      // The list is built only to explain a refusal.
      const missing = names.filter((n) => typeof resource[n] !== "string");
      throw malformed(`The decrypted ${what} lacks ${missing.join(", ")}.`);
    }
  }
}

const PAYMENT_STRINGS = ["out_trade_no", "trade_state"] as const;
const REFUND_STRINGS = [
  "out_trade_no",
  "out_refund_no",
  "refund_status",
] as const;

/**
 * Checks that one of the notification's merchant ids (its own, or the
 * service provider's) is configured, and one of its app ids when any is
 * present and appId is configured. Two of each as arguments rather than
 * lists: no array is built for a notification that passes.
 */
function checkMerchant(
  config: ResolvedConfig,
  mchId: string | undefined,
  otherMchId: string | undefined,
  appId: string | undefined,
  otherAppId: string | undefined,
): void {
  const { mchIds, appIds } = config;
  if (
    !(mchId !== undefined && mchIds.has(mchId)) &&
    !(otherMchId !== undefined && mchIds.has(otherMchId))
  ) {
    const present = [mchId, otherMchId].filter((id) => id !== undefined);
    throw new MerchantMismatchError(
      "merchant_mismatch",
      `The notification is for merchant ${present.join("/") || "(none)"}, which is not in mchId (${[...mchIds].join(", ")}).`,
    );
  }
  if (
    appIds &&
    (appId !== undefined || otherAppId !== undefined) &&
    !(appId !== undefined && appIds.has(appId)) &&
    !(otherAppId !== undefined && appIds.has(otherAppId))
  ) {
    const apps = [appId, otherAppId].filter((id) => id !== undefined);
    throw new MerchantMismatchError(
      "merchant_mismatch",
      `The notification is for appid ${apps.join("/")}, which is not in appId (${[...appIds].join(", ")}).`,
    );
  }
}

function amountObject(resource: Record<string, unknown>, what: string) {
  const amount = resource.amount;
  if (typeof amount !== "object" || amount === null) {
    throw malformed(`The decrypted ${what} lacks amount.`);
  }
  return amount as Record<string, unknown>;
}

/** Builds a payment message, checking the merchant and the amount types. */
export function toV3PaidMessage(
  config: ResolvedConfig,
  verified: VerifiedV3,
): V3PaidMessage {
  const { resource } = verified;
  let summary: PaymentSummary;
  if (typeof resource.combine_out_trade_no === "string") {
    const combined = resource as V3CombineTransaction;
    if (
      !Array.isArray(combined.sub_orders) ||
      combined.sub_orders.length === 0
    ) {
      throw malformed("The decrypted combined payment has no sub_orders.");
    }
    checkMerchant(
      config,
      str(combined.combine_mchid),
      undefined,
      str(combined.combine_appid),
      undefined,
    );
    const subOrders = combined.sub_orders.map(
      (order, index): PaymentSummary => {
        requireStrings(
          order,
          ["out_trade_no", "trade_state"],
          `sub_orders[${index}]`,
        );
        const amount = amountObject(order, `sub_orders[${index}]`);
        return {
          outTradeNo: order.out_trade_no,
          transactionId: str(order.transaction_id) ?? "",
          amountFen: fen(
            amount.total_amount,
            `sub_orders[${index}].amount.total_amount`,
          ),
          currency: str(amount.currency) ?? "CNY",
          succeeded: order.trade_state === "SUCCESS",
        };
      },
    );
    summary = {
      outTradeNo: combined.combine_out_trade_no,
      transactionId: "",
      amountFen: subOrders.reduce((sum, order) => sum + order.amountFen, 0),
      currency: subOrders[0]!.currency,
      succeeded: subOrders.every((order) => order.succeeded),
      subOrders,
    };
  } else {
    requireStrings(resource, PAYMENT_STRINGS, "payment");
    const payment = resource as V3Transaction & Partial<V3PartnerTransaction>;
    checkMerchant(
      config,
      str(payment.mchid),
      str(payment.sp_mchid),
      str(payment.appid),
      str(payment.sp_appid),
    );
    const amount = amountObject(resource, "payment");
    summary = {
      outTradeNo: payment.out_trade_no,
      transactionId: str(payment.transaction_id) ?? "",
      amountFen: fen(amount.total, "amount.total"),
      currency: str(amount.currency) ?? "CNY",
      succeeded: payment.trade_state === "SUCCESS",
    };
  }
  return {
    version: "v3",
    kind: "paid",
    eventType: verified.envelope.event_type,
    envelope: verified.envelope,
    serial: verified.serial,
    resource: resource as V3PaidMessage["resource"],
    summary,
  };
}

/** Builds a refund message, checking the merchant and the amount types. */
export function toV3RefundedMessage(
  config: ResolvedConfig,
  verified: VerifiedV3,
): V3RefundedMessage {
  const { resource } = verified;
  requireStrings(resource, REFUND_STRINGS, "refund");
  const refund = resource as V3Refund;
  checkMerchant(
    config,
    str(refund.mchid),
    str(refund.sp_mchid),
    undefined,
    undefined,
  );
  const amount = amountObject(resource, "refund");
  const summary: RefundSummary = {
    outTradeNo: refund.out_trade_no,
    transactionId: str(refund.transaction_id) ?? "",
    outRefundNo: refund.out_refund_no,
    refundId: str(refund.refund_id) ?? "",
    refundFen: fen(amount.refund, "amount.refund"),
    totalFen: fen(amount.total, "amount.total"),
    status: refund.refund_status,
    succeeded: refund.refund_status === "SUCCESS",
  };
  return {
    version: "v3",
    kind: "refunded",
    eventType: verified.envelope.event_type,
    envelope: verified.envelope,
    serial: verified.serial,
    resource: refund,
    summary,
  };
}

/**
 * Builds a generic event message; `known` tells whether `resource` is typed.
 * Known payments and refunds go through the same checks as at their own
 * entry points and carry their summary.
 */
export function toV3Event(
  config: ResolvedConfig,
  verified: VerifiedV3,
): V3Event {
  const eventType = verified.envelope.event_type;
  const known = KNOWN_V3_EVENT_TYPES.has(eventType as KnownV3EventType);
  let summary: PaymentSummary | RefundSummary | undefined;
  if (known && eventType.startsWith("TRANSACTION.")) {
    summary = toV3PaidMessage(config, verified).summary;
  } else if (known && eventType.startsWith("REFUND.")) {
    summary = toV3RefundedMessage(config, verified).summary;
  }
  return {
    version: "v3",
    kind: "event",
    eventType,
    known,
    envelope: verified.envelope,
    serial: verified.serial,
    resource: verified.resource,
    ...(summary ? { summary } : {}),
  } as V3Event;
}
