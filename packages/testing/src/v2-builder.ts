import { encryptReqInfo } from "./_internal/aes.js";
import {
  outRefundNo,
  outTradeNo,
  refundId,
  transactionId,
} from "./_internal/ids.js";
import { randomAlphanumeric } from "./_internal/random.js";
import {
  compactBeijing,
  resolveNow,
  spacedBeijing,
  type NowInput,
} from "./_internal/time.js";
import { assembleV2, SIGN_HERE } from "./_internal/v2-build.js";
import type { V2SignType } from "./_internal/v2-signature.js";
import { toV2Xml } from "./_internal/xml.js";
import type { V2Notification } from "./signed-notification.js";
import type { TestMerchantKeys } from "./test-merchant-keys.js";

/** v2 field overrides: numbers are written in decimal, `undefined` removes a field. */
export type V2FieldOverrides = Record<string, string | number | undefined>;

/** Options shared by the signed v2 builders. */
export interface V2SignOptions {
  /** Signature algorithm. Default `MD5`. */
  signType?: V2SignType;
  /**
   * Whether to send a `sign_type` element (which is then signed too). Default:
   * only for HMAC-SHA256; without it, a 64-character sign implies HMAC.
   */
  includeSignType?: boolean;
  /** Fields written as plain text instead of CDATA, e.g. `["total_fee"]`. */
  plainText?: readonly string[];
  /** When the payment happened (`time_end`, ids), in milliseconds; default now. Scans have no time. */
  now?: NowInput;
  /** Sign with this APIv2 key instead of the merchant's (to test a wrong key). */
  apiV2Key?: string;
}

/** A coupon used in a v2 payment (`coupon_id_$n`, `coupon_type_$n`, `coupon_fee_$n`). */
export interface V2CouponInput {
  /** Coupon id. */
  id: string;
  /** Amount in fen. */
  fee: number;
  /** `CASH` (recharge coupon, default) or `NO_CASH`. */
  type?: "CASH" | "NO_CASH";
}

/** Options of {@link V2Builder.paid}. */
export interface V2PaidOptions extends V2SignOptions {
  /** Coupons: adds `coupon_count`, `coupon_fee` and the `$n` fields, and lowers `cash_fee`. */
  coupons?: readonly V2CouponInput[];
}

/** Options of {@link V2Builder.refund}. */
export interface V2RefundOptions {
  /** Overrides of the outer fields (`return_code`, `appid`, `mch_id`, `nonce_str`, `req_info`). */
  outer?: V2FieldOverrides;
  /** The time the refund succeeded, in milliseconds. Default now. */
  now?: NowInput;
  /** Encrypt with this APIv2 key instead of the merchant's (to test a wrong key). */
  apiV2Key?: string;
}

/** Builders of v2 XML notifications for one merchant. */
export interface V2Builder {
  /** A payment result notification (支付结果通知), signed. */
  paid(fields?: V2FieldOverrides, options?: V2PaidOptions): V2Notification;
  /** A refund result notification (退款结果通知) whose `req_info` is encrypted; `fields` are the plaintext ones. */
  refund(fields?: V2FieldOverrides, options?: V2RefundOptions): V2Notification;
  /** A Native mode-1 scan callback (扫码支付回调), signed. */
  scanned(fields?: V2FieldOverrides, options?: V2SignOptions): V2Notification;
}

type Fields = Record<string, string | undefined>;

function stringify(overrides: V2FieldOverrides): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(overrides)) {
    out[k] = v === undefined ? undefined : String(v);
  }
  return out;
}

function byName(fields: Fields): Fields {
  return Object.fromEntries(
    Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

function merge(base: Fields, overrides: Fields): Fields {
  const out: Fields = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

function signTypeFields(options: V2SignOptions): Fields {
  const signType = options.signType ?? "MD5";
  const include = options.includeSignType ?? signType !== "MD5";
  return { sign: SIGN_HERE, sign_type: include ? signType : undefined };
}

// Documented optional fields of a payment (spec §1.3), absent by default: the
// slots make a field the caller sets land where WeChat would put it.
const OPTIONAL_PAID_SLOTS: Fields = Object.fromEntries(
  [
    "attach",
    "cash_fee_type",
    "device_info",
    "err_code",
    "err_code_des",
    "promotion_detail",
    "rate_value",
    "sub_appid",
    "sub_is_subscribe",
    "sub_mch_id",
    "sub_openid",
    "version",
  ].map((name) => [name, undefined]),
);

/** Creates the v2 builders of a merchant. */
export function createV2Builder(keys: TestMerchantKeys): V2Builder {
  return {
    paid(overrides = {}, options = {}) {
      const now = resolveNow(options.now);
      const given = stringify(overrides);
      const coupons = options.coupons ?? [];
      const couponFields: Fields = {};
      let couponFee = 0;
      let noCashFee = 0;
      coupons.forEach((c, n) => {
        couponFields[`coupon_id_${n}`] = c.id;
        couponFields[`coupon_type_${n}`] = c.type ?? "CASH";
        couponFields[`coupon_fee_${n}`] = String(c.fee);
        couponFee += c.fee;
        if (c.type === "NO_CASH") noCashFee += c.fee;
      });
      if (coupons.length > 0) {
        couponFields.coupon_count = String(coupons.length);
        couponFields.coupon_fee = String(couponFee);
      }
      const total = Number(given.total_fee ?? "100");
      // WeChat sends its fields sorted by name; the template is sorted the
      // same way, and fields the caller adds go at the end.
      const template = byName({
        ...OPTIONAL_PAID_SLOTS,
        appid: keys.appId,
        bank_type: "OTHERS",
        cash_fee: Number.isInteger(total)
          ? String(total - couponFee)
          : given.total_fee,
        fee_type: "CNY",
        is_subscribe: "N",
        mch_id: keys.mchId,
        nonce_str: randomAlphanumeric(32),
        openid: "oUpF8uMEb4qRXf22hE3X68TekukE",
        out_trade_no: outTradeNo(now),
        result_code: "SUCCESS",
        return_code: "SUCCESS",
        settlement_total_fee:
          noCashFee > 0 && Number.isInteger(total)
            ? String(total - noCashFee)
            : undefined,
        time_end: compactBeijing(now),
        total_fee: "100",
        trade_type: "JSAPI",
        transaction_id: transactionId(now),
        ...couponFields,
        ...signTypeFields(options),
      });
      return assembleV2(
        {
          kind: "paid",
          fields: merge(template, given),
          apiV2Key: options.apiV2Key ?? keys.apiV2Key,
          signType: options.signType ?? "MD5",
          plainText: options.plainText ?? [],
        },
        keys,
      );
    },

    refund(overrides = {}, options = {}) {
      const now = resolveNow(options.now);
      const given = stringify(overrides);
      const refundFee = given.refund_fee ?? "100";
      const status = given.refund_status ?? "SUCCESS";
      const info = merge(
        {
          out_refund_no: outRefundNo(now),
          out_trade_no: outTradeNo(now),
          refund_account: "REFUND_SOURCE_RECHARGE_FUNDS",
          refund_fee: refundFee,
          refund_id: refundId(now),
          refund_recv_accout: "支付用户零钱",
          refund_request_source: "API",
          refund_status: status,
          settlement_refund_fee: refundFee,
          success_time: status === "SUCCESS" ? spacedBeijing(now) : undefined,
          total_fee: "100",
          transaction_id: transactionId(now),
        },
        given,
      );
      const refund: Record<string, string> = {};
      for (const [k, v] of Object.entries(info)) {
        if (v !== undefined) refund[k] = v;
      }
      const outerGiven = stringify(options.outer ?? {});
      const outer = merge(
        {
          return_code: "SUCCESS",
          appid: keys.appId,
          mch_id: keys.mchId,
          nonce_str: randomAlphanumeric(32),
          req_info:
            "req_info" in outerGiven
              ? undefined
              : encryptReqInfo(
                  toV2Xml(refund, { root: "root" }),
                  options.apiV2Key ?? keys.apiV2Key,
                ),
        },
        outerGiven,
      );
      return assembleV2(
        {
          kind: "refunded",
          fields: outer,
          apiV2Key: keys.apiV2Key,
          refund,
        },
        keys,
      );
    },

    scanned(overrides = {}, options = {}) {
      const template: Fields = {
        appid: keys.appId,
        openid: "oUpF8uMEb4qRXf22hE3X68TekukE",
        mch_id: keys.mchId,
        is_subscribe: "N",
        nonce_str: randomAlphanumeric(32),
        product_id: "P1001",
        ...signTypeFields(options),
      };
      return assembleV2(
        {
          kind: "scanned",
          fields: merge(template, stringify(overrides)),
          apiV2Key: options.apiV2Key ?? keys.apiV2Key,
          signType: options.signType ?? "MD5",
          plainText: options.plainText ?? [],
        },
        keys,
      );
    },
  };
}
