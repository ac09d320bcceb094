import type { TestMerchantKeys } from "../test-merchant-keys.js";
import type { JsonObject } from "./deep-merge.js";
import {
  merchantNo,
  outRefundNo,
  outTradeNo,
  refundId,
  transactionId,
  wechatId,
} from "./ids.js";
import { randomAlphanumeric, randomHex } from "./random.js";
import { rfc3339Beijing } from "./time.js";

/** What a default resource is built from. */
export interface DefaultContext {
  keys: TestMerchantKeys;
  /** Milliseconds since the epoch. */
  now: number;
}

/** The envelope metadata and default plaintext of one event type. */
export interface EventDefaults {
  /** Envelope `summary`. */
  summary: string;
  /** `resource.original_type`. */
  originalType: string;
  /** `resource.associated_data` (WeChat often repeats `original_type`, sometimes sends ""). */
  associatedData: string;
  /** A realistic decrypted resource. */
  resource(ctx: DefaultContext): JsonObject;
}

/** Payment variants of `TRANSACTION.SUCCESS` (spec §4.7.1, §4.7.2, §4.7.4). */
export type PaidVariant = "direct" | "partner" | "combined";

/** Refund variants (spec §4.7.3). */
export type RefundVariant = "direct" | "partner";

// Fixed, realistic ids of people and sub-merchants: they do not identify an
// order, so tests gain nothing from randomness there.
const OPENID = "oUpF8uMEb4qRXf22hE3X68TekukE";
const SUB_OPENID = "oUpF8uN95-Ptaags6E-nAbZqBr5c";
const SUB_MCHID = "1900000109";
const SUB_APPID = "wxd678efh567hg6999";

/** Default `TRANSACTION.SUCCESS` resource of a payment variant. */
export function paidResource(
  variant: PaidVariant,
  { keys, now }: DefaultContext,
): JsonObject {
  const time = rfc3339Beijing(now);
  const common = {
    out_trade_no: outTradeNo(now),
    transaction_id: transactionId(now),
    trade_type: "JSAPI",
    trade_state: "SUCCESS",
    trade_state_desc: "支付成功",
    bank_type: "OTHERS",
    attach: "",
    success_time: time,
  };
  const amount = {
    total: 100,
    payer_total: 100,
    currency: "CNY",
    payer_currency: "CNY",
  };
  if (variant === "direct") {
    return {
      appid: keys.appId,
      mchid: keys.mchId,
      ...common,
      payer: { openid: OPENID },
      amount,
    };
  }
  if (variant === "partner") {
    return {
      sp_appid: keys.appId,
      sp_mchid: keys.mchId,
      sub_appid: SUB_APPID,
      sub_mchid: SUB_MCHID,
      ...common,
      payer: { sp_openid: OPENID, sub_openid: SUB_OPENID },
      amount,
    };
  }
  const subOrder = (total: number) => ({
    mchid: keys.mchId,
    trade_type: "JSAPI",
    trade_state: "SUCCESS",
    bank_type: "OTHERS",
    attach: "",
    success_time: time,
    transaction_id: transactionId(now),
    out_trade_no: outTradeNo(now),
    amount: {
      total_amount: total,
      currency: "CNY",
      payer_amount: total,
      payer_currency: "CNY",
    },
  });
  return {
    combine_appid: keys.appId,
    combine_mchid: keys.mchId,
    combine_out_trade_no: merchantNo("C", now),
    scene_info: { device_id: "POS1:1" },
    combine_payer_info: { openid: OPENID },
    sub_orders: [subOrder(60), subOrder(40)],
  };
}

/** Refund status of a `REFUND.*` event type. */
export const REFUND_STATUS: Record<string, string> = {
  "REFUND.SUCCESS": "SUCCESS",
  "REFUND.ABNORMAL": "ABNORMAL",
  "REFUND.CLOSED": "CLOSED",
};

const REFUND_SUMMARY: Record<string, string> = {
  SUCCESS: "退款成功",
  ABNORMAL: "退款异常",
  CLOSED: "退款关闭",
};

/** Envelope `summary` of a refund status. */
export function refundSummary(status: string): string {
  return REFUND_SUMMARY[status] ?? "退款通知";
}

/** Default `REFUND.*` resource. */
export function refundResource(
  status: string,
  variant: RefundVariant,
  { keys, now }: DefaultContext,
): JsonObject {
  const ids =
    variant === "partner"
      ? { sp_mchid: keys.mchId, sub_mchid: SUB_MCHID }
      : { mchid: keys.mchId };
  return {
    ...ids,
    out_trade_no: outTradeNo(now),
    transaction_id: transactionId(now),
    out_refund_no: outRefundNo(now),
    refund_id: refundId(now),
    refund_status: status,
    ...(status === "SUCCESS" ? { success_time: rfc3339Beijing(now) } : {}),
    user_received_account: "支付用户零钱",
    amount: { total: 100, refund: 100, payer_total: 100, payer_refund: 100 },
  };
}

const profitSharing = (kind: "SUCCESS" | "RETURN"): EventDefaults => ({
  summary: kind === "SUCCESS" ? "分账" : "分账回退",
  originalType: "profitsharing",
  associatedData: "",
  resource: ({ keys, now }) => ({
    mchid: keys.mchId,
    transaction_id: transactionId(now),
    order_id: wechatId(30),
    out_order_no: merchantNo("PS", now),
    receiver: {
      type: "MERCHANT_ID",
      account: SUB_MCHID,
      amount: kind === "SUCCESS" ? 20 : -20,
      description: kind === "SUCCESS" ? "分给商户" : "分账回退",
    },
    success_time: rfc3339Beijing(now),
  }),
});

const complaint = (action: string): EventDefaults => ({
  summary: "投诉通知",
  originalType: "complaint",
  associatedData: "complaint",
  resource: () => ({
    complaint_id: `2002${wechatId(24)}`,
    action_type: action,
  }),
});

const payscoreAuth = (open: boolean): EventDefaults => ({
  summary: open ? "授权成功" : "解除授权",
  originalType: "payscore",
  associatedData: "payscore",
  resource: ({ keys, now }) => ({
    mchid: keys.mchId,
    appid: keys.appId,
    out_request_no: merchantNo("AUTH", now),
    authorization_code: merchantNo("AC", now),
    service_id: "500001",
    openid: OPENID,
    user_service_status: open ? "USER_OPEN_SERVICE" : "USER_CLOSE_SERVICE",
    openorclose_time: rfc3339Beijing(now),
  }),
});

const payscoreOrder = (paid: boolean): EventDefaults => ({
  summary: paid ? "支付成功" : "用户确认订单",
  originalType: "payscore",
  associatedData: "payscore",
  resource: ({ keys, now }) => ({
    mchid: keys.mchId,
    appid: keys.appId,
    out_order_no: merchantNo("PSO", now),
    order_id: wechatId(28),
    service_id: "500001",
    service_introduction: "充电宝租借",
    openid: OPENID,
    state: paid ? "DONE" : "DOING",
    state_description: paid ? "MCH_COMPLETE" : "USER_CONFIRM",
    total_amount: paid ? 300 : 0,
    attach: "",
    post_payments: [{ name: "充电宝租借费", amount: 300, count: 1 }],
    post_discounts: [],
    time_range: { start_time: "20250101120000", end_time: "20250101140000" },
    location: { start_location: "嗨客时尚主题展餐厅" },
    risk_fund: { name: "DEPOSIT", amount: 9900 },
    need_collection: paid,
    ...(paid
      ? {
          collection: {
            state: "USER_PAID",
            total_amount: 300,
            paying_amount: 0,
            paid_amount: 300,
          },
        }
      : {}),
  }),
});

const transferBatch = (closed: boolean): EventDefaults => ({
  summary: closed ? "商家转账批次关闭通知" : "商家转账批次完成通知",
  originalType: "mch_payment",
  associatedData: "mch_payment",
  resource: ({ keys, now }) => ({
    mchid: keys.mchId,
    out_batch_no: merchantNo("B", now),
    batch_id: `1030000071100999991182020050700019480001`,
    batch_status: closed ? "CLOSED" : "FINISHED",
    total_amount: 200,
    total_num: 2,
    success_amount: closed ? 0 : 200,
    success_num: closed ? 0 : 2,
    fail_amount: 0,
    fail_num: 0,
    ...(closed ? { close_reason: "MERCHANT_REVOCATION" } : {}),
    update_time: rfc3339Beijing(now),
  }),
});

const mall = (kind: "pay" | "refund" | "card"): EventDefaults => ({
  summary:
    kind === "pay" ? "商圈积分" : kind === "refund" ? "商圈退款" : "商圈会员",
  originalType: "mall",
  associatedData: "",
  resource: ({ keys, now }) => ({
    mchid: keys.mchId,
    merchant_name: "测试商户",
    shop_name: "测试门店",
    shop_number: "SN0001",
    appid: keys.appId,
    openid: OPENID,
    ...(kind === "card"
      ? {}
      : {
          transaction_id: transactionId(now),
          amount: 100,
          ...(kind === "pay"
            ? { time_end: rfc3339Beijing(now) }
            : {
                refund_id: refundId(now),
                refund_amount: 100,
                pay_amount: 100,
                refund_time: rfc3339Beijing(now),
              }),
        }),
  }),
});

const memberCard = (eventType: string): EventDefaults => ({
  summary: "会员卡通知",
  originalType: "membercard",
  associatedData: "",
  resource: ({ now }) => ({
    event_type: eventType,
    card_id: "pbLatjk4T4Hx-QgQDCyOLtsJR0iQ",
    code: wechatId(12),
    openid: OPENID,
    unionid: "o6_bmasdasdsad6_2sgVt7hMZOPfL",
    activate_scene: "ACTIVATE_SCENE_PAGE",
    outer_str: "",
    event_time: rfc3339Beijing(now),
  }),
});

const violation = (kind: "PUNISH" | "INTERCEPT" | "APPEAL"): EventDefaults => ({
  summary: "商户平台处置通知",
  originalType: "violation",
  associatedData: "",
  resource: ({ now }) => ({
    sub_mchid: SUB_MCHID,
    company_name: "测试公司",
    record_id: wechatId(20),
    punish_plan: kind === "INTERCEPT" ? "拦截交易" : "关闭支付权限",
    punish_time: rfc3339Beijing(now),
    punish_description: "交易存在异常",
    risk_type: "INVOLVED_IN_GAMBLING",
    risk_description: "涉嫌赌博",
  }),
});

const discountCard = (state: string, summary: string): EventDefaults => ({
  summary,
  originalType: "discount_card",
  associatedData: "",
  resource: ({ keys, now }) => ({
    mchid: keys.mchId,
    appid: keys.appId,
    out_card_code: merchantNo("DC", now),
    card_template_id: "1ZtGmBVSvWLO5HzmGXxmsUMz1SGkJ89w",
    card_id: wechatId(20),
    openid: OPENID,
    state,
    total_amount: state === "ONGOING" ? 0 : 1000,
  }),
});

const recharge = (closed: boolean): EventDefaults => ({
  summary: closed ? "充值关闭" : "充值成功",
  originalType: "recharge",
  associatedData: "",
  resource: ({ keys, now }) => ({
    sp_mchid: keys.mchId,
    sub_mchid: SUB_MCHID,
    out_recharge_no: merchantNo("RC", now),
    recharge_id: wechatId(28),
    recharge_state: closed ? "CLOSED" : "SUCCESS",
    recharge_amount: { amount: 10000, currency: "CNY" },
    account_type: "BASIC",
    ...(closed ? {} : { recharge_success_time: rfc3339Beijing(now) }),
  }),
});

const entrust = (sign: boolean): EventDefaults => ({
  summary: sign ? "签约成功" : "解约成功",
  originalType: "entrust",
  associatedData: "",
  resource: ({ keys, now }) => ({
    mchid: keys.mchId,
    appid: keys.appId,
    out_contract_code: merchantNo("EC", now),
    contract_id: wechatId(20),
    plan_id: "12535",
    openid: OPENID,
    operate_time: rfc3339Beijing(now),
    contract_state: sign ? "SIGNED" : "TERMINATED",
  }),
});

const brandCard = (kind: string): EventDefaults => ({
  summary: "品牌会员卡通知",
  originalType: "brand_member",
  associatedData: "",
  resource: ({ now }) => ({
    user_card_code: wechatId(18),
    card_id: "pbLatjk4T4Hx-QgQDCyOLtsJR0iQ",
    brand_id: "1001",
    openid: OPENID,
    ...(kind === "point"
      ? { point_change: 100, total_points: 1100 }
      : kind === "coupon"
        ? { point_used: 500, coupon_id: wechatId(11) }
        : {}),
    event_time: rfc3339Beijing(now),
  }),
});

/** Defaults of every `event_type` of spec §6 other than payments and refunds. */
export const EVENT_DEFAULTS: Readonly<Record<string, EventDefaults>> = {
  "PROFITSHARING.SUCCESS": profitSharing("SUCCESS"),
  "PROFITSHARING.RETURN": profitSharing("RETURN"),
  "COMPLAINT.CREATE": complaint("CREATE_COMPLAINT"),
  "COMPLAINT.STATE_CHANGE": complaint("MERCHANT_APPROVE_REFUND"),
  "PAYSCORE.USER_OPEN_SERVICE": payscoreAuth(true),
  "PAYSCORE.USER_CLOSE_SERVICE": payscoreAuth(false),
  "PAYSCORE.USER_CONFIRM": payscoreOrder(false),
  "PAYSCORE.USER_PAID": payscoreOrder(true),
  "COUPON.USE": {
    summary: "代金券核销通知",
    originalType: "coupon",
    associatedData: "coupon",
    resource: ({ keys, now }) => ({
      coupon_id: wechatId(11),
      stock_id: wechatId(7),
      stock_creator_mchid: keys.mchId,
      coupon_name: "满100减10",
      coupon_type: "NORMAL",
      status: "USED",
      description: "微信支付营销",
      available_begin_time: rfc3339Beijing(now - 86_400_000),
      available_end_time: rfc3339Beijing(now + 30 * 86_400_000),
      no_cash: false,
      singleitem: false,
      normal_coupon_information: {
        coupon_amount: 1000,
        transaction_minimum: 10000,
      },
      consume_information: {
        consume_time: rfc3339Beijing(now),
        consume_mchid: keys.mchId,
        transaction_id: transactionId(now),
        goods_detail: [],
      },
      create_time: rfc3339Beijing(now - 86_400_000),
    }),
  },
  "COUPON.SEND": {
    summary: "商家券领券通知",
    originalType: "busifavor",
    associatedData: "",
    resource: ({ keys, now }) => ({
      event_type: "EVENT_TYPE_BUSICOUPON_SEND",
      coupon_code: randomAlphanumeric(16),
      stock_id: wechatId(10),
      send_time: rfc3339Beijing(now),
      openid: OPENID,
      unionid: "o6_bmasdasdsad6_2sgVt7hMZOPfL",
      send_channel: "BUSICOUPON_SEND_CHANNEL_MINIAPP",
      send_merchant: keys.mchId,
      attach_info: { transaction_id: transactionId(now), act_code: "" },
    }),
  },
  "MCHTRANSFER.BATCH.FINISHED": transferBatch(false),
  "MCHTRANSFER.BATCH.CLOSED": transferBatch(true),
  "MCHTRANSFER.BILL.FINISHED": {
    summary: "商家转账单据终态通知",
    originalType: "mch_payment",
    associatedData: "mch_payment",
    resource: ({ keys, now }) => ({
      mchid: keys.mchId,
      out_bill_no: merchantNo("TB", now),
      transfer_bill_no: `1330000114850082${wechatId(20)}`,
      state: "SUCCESS",
      transfer_amount: 100,
      openid: OPENID,
      create_time: rfc3339Beijing(now - 60_000),
      update_time: rfc3339Beijing(now),
    }),
  },
  "MCHTRANSFER.AUTHORIZATION.CONFIRMED": {
    summary: "用户确认授权",
    originalType: "mch_payment",
    associatedData: "mch_payment",
    resource: ({ keys, now }) => ({
      mchid: keys.mchId,
      appid: keys.appId,
      out_authorization_no: merchantNo("TA", now),
      authorization_id: wechatId(20),
      state: "CONFIRMED",
      openid: OPENID,
      authorize_time: rfc3339Beijing(now),
    }),
  },
  "MALL_TRANSACTION.SUCCESS": mall("pay"),
  "MALL_REFUND.SUCCESS": mall("refund"),
  "MALL_AUTH.ACTIVATE_CARD": mall("card"),
  "MEMBERCARD.ACTIVATE_CARD": memberCard("MEMBERCARD.ACTIVATE_CARD"),
  "MEMBERCARD.USERCARD_MANAGE": memberCard("MEMBERCARD.USERCARD_MANAGE"),
  "RISKTRADE.IDENTIFICATION": {
    summary: "风险交易识别通知",
    originalType: "risktrade",
    associatedData: "",
    resource: ({ keys, now }) => ({
      mchid: keys.mchId,
      out_trade_no: outTradeNo(now),
      risk_type: "FRAUD",
      risk_level: "HIGH",
    }),
  },
  "VIOLATION.PUNISH": violation("PUNISH"),
  "VIOLATION.INTERCEPT": violation("INTERCEPT"),
  "VIOLATION.APPEAL": violation("APPEAL"),
  "FAPIAO.USER_APPLIED": {
    summary: "用户发票抬头填写完成通知",
    originalType: "fapiao",
    associatedData: "fapiao",
    resource: ({ keys, now }) => ({
      mchid: keys.mchId,
      fapiao_apply_id: merchantNo("FP", now),
      apply_time: rfc3339Beijing(now),
    }),
  },
  "DISCOUNT_CARD.USER_ACCEPTED": discountCard("ONGOING", "用户领卡"),
  "DISCOUNT_CARD.AGREEMENT_ENDED": discountCard("FINISHED", "约定结束"),
  "DISCOUNT_CARD.USER_PAID": discountCard("FINISHED", "用户扣费"),
  "VEHICLE.ENTRANCE_STATE_CHANGE": {
    summary: "停车入场状态变更",
    originalType: "vehicle",
    associatedData: "",
    resource: ({ keys, now }) => ({
      sp_mchid: keys.mchId,
      sub_mchid: SUB_MCHID,
      out_parking_no: merchantNo("PK", now),
      parking_id: wechatId(20),
      plate_number: "粤B888888",
      plate_color: "BLUE",
      parking_state: "ALL_CLOSE",
      state_update_time: rfc3339Beijing(now),
      block_reason: "PAUSE",
    }),
  },
  "RECHARGE.SUCCESS": recharge(false),
  "RECHARGE.CLOSED": recharge(true),
  "DELIVERY_PLAN.CHANGE": {
    summary: "委托营销计划变更",
    originalType: "delivery_plan",
    associatedData: "",
    resource: ({ now }) => ({
      plan_id: wechatId(10),
      plan_state: "PLAN_STATE_ONGOING",
      audit_state: "AUDIT_STATE_PASSED",
      change_reason: "",
      modify_time: rfc3339Beijing(now),
    }),
  },
  "ECOMMERCE_ENTRUST.SIGN": entrust(true),
  "ECOMMERCE_ENTRUST.TERMINATE": entrust(false),
  "BRAND_MEMBER_CARD_SP.USER_CARD.CREATE": brandCard("create"),
  "BRAND_MEMBER_CARD_SP.SYNC_USER_POINT": brandCard("point"),
  "BRAND_MEMBER_CARD_SP.POINT_EXCHANGE_COUPON": brandCard("coupon"),
};

/** Every event type with a realistic default resource. */
export const KNOWN_EVENT_TYPES: readonly string[] = [
  "TRANSACTION.SUCCESS",
  ...Object.keys(REFUND_STATUS),
  ...Object.keys(EVENT_DEFAULTS),
];

/** A fresh 12-character resource nonce (the GCM IV). */
export function resourceNonce(): string {
  return randomAlphanumeric(12);
}

/** A fresh `Wechatpay-Nonce`: 32 upper-case hex characters. */
export function headerNonce(): string {
  return randomHex(32);
}
