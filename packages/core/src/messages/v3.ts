import type { PaymentSummary, RefundSummary } from "./common.js";

/** The encrypted `resource` of a v3 notification envelope. */
export interface V3EncryptedResource {
  original_type?: string;
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  nonce: string;
}

/** The JSON body of every v3 notification (spec §4.5). Unknown fields are kept. */
export interface V3Envelope {
  /** Notification id. */
  id: string;
  /** RFC 3339 time with offset. */
  create_time: string;
  /** `encrypt-resource`. */
  resource_type: string;
  /** e.g. `TRANSACTION.SUCCESS`. */
  event_type: string;
  /** Human text, e.g. 支付成功. */
  summary: string;
  resource: V3EncryptedResource;
  [field: string]: unknown;
}

/** A promotion applied to a v3 payment. */
export interface V3PromotionDetail {
  coupon_id?: string;
  name?: string;
  scope?: string;
  type?: string;
  amount?: number;
  stock_id?: string;
  wechatpay_contribute?: number;
  merchant_contribute?: number;
  other_contribute?: number;
  currency?: string;
  goods_detail?: Array<{
    goods_id?: string;
    quantity?: number;
    unit_price?: number;
    discount_amount?: number;
    goods_remark?: string;
  }>;
  [field: string]: unknown;
}

interface V3TransactionCommon {
  out_trade_no: string;
  transaction_id: string;
  trade_type?: string;
  trade_state: string;
  trade_state_desc?: string;
  bank_type?: string;
  attach?: string;
  success_time?: string;
  amount: {
    total: number;
    payer_total?: number;
    currency?: string;
    payer_currency?: string;
    [field: string]: unknown;
  };
  scene_info?: { device_id?: string; [field: string]: unknown };
  promotion_detail?: V3PromotionDetail[];
  [field: string]: unknown;
}

/** Decrypted payment of a direct merchant (spec §4.7.1). */
export interface V3Transaction extends V3TransactionCommon {
  appid: string;
  mchid: string;
  payer: { openid: string; [field: string]: unknown };
}

/** Decrypted payment in service-provider (partner) mode (spec §4.7.2). */
export interface V3PartnerTransaction extends V3TransactionCommon {
  sp_appid: string;
  sp_mchid: string;
  sub_appid?: string;
  sub_mchid: string;
  payer: { sp_openid?: string; sub_openid?: string; [field: string]: unknown };
}

/** One sub-order of a combined payment. */
export interface V3CombineSubOrder {
  mchid: string;
  sub_mchid?: string;
  sub_appid?: string;
  trade_type?: string;
  trade_state: string;
  bank_type?: string;
  attach?: string;
  success_time?: string;
  transaction_id: string;
  out_trade_no: string;
  promotion_detail?: V3PromotionDetail[];
  amount: {
    total_amount: number;
    currency?: string;
    payer_amount?: number;
    payer_currency?: string;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** Decrypted combined payment (合单支付, spec §4.7.4). */
export interface V3CombineTransaction {
  combine_appid: string;
  combine_mchid: string;
  combine_out_trade_no: string;
  scene_info?: { device_id?: string; [field: string]: unknown };
  combine_payer_info?: { openid?: string; [field: string]: unknown };
  sub_orders: V3CombineSubOrder[];
  [field: string]: unknown;
}

/** Decrypted refund (spec §4.7.3); partner mode carries `sp_mchid` + `sub_mchid` instead of `mchid`. */
export interface V3Refund {
  mchid?: string;
  sp_mchid?: string;
  sub_mchid?: string;
  out_trade_no: string;
  transaction_id: string;
  out_refund_no: string;
  refund_id: string;
  refund_status: string;
  success_time?: string;
  user_received_account?: string;
  amount: {
    total: number;
    refund: number;
    payer_total?: number;
    payer_refund?: number;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** Profit-sharing movement, sent to the receiver (分账动账通知). */
export interface V3ProfitSharing {
  mchid?: string;
  sp_mchid?: string;
  sub_mchid?: string;
  transaction_id: string;
  order_id: string;
  out_order_no: string;
  receiver: {
    type: string;
    account: string;
    amount: number;
    description?: string;
    [field: string]: unknown;
  };
  success_time?: string;
  [field: string]: unknown;
}

/** Consumer complaint (消费者投诉2.0). */
export interface V3Complaint {
  complaint_id: string;
  action_type?: string;
  [field: string]: unknown;
}

/** Payscore authorization granted or revoked. */
export interface V3PayscoreAuthorization {
  mchid?: string;
  appid?: string;
  out_request_no?: string;
  authorization_code?: string;
  service_id?: string;
  openid?: string;
  user_service_status?: string;
  openorclose_time?: string;
  [field: string]: unknown;
}

/** Payscore order confirmed or paid. */
export interface V3PayscoreOrder {
  mchid?: string;
  appid?: string;
  out_order_no: string;
  order_id?: string;
  service_id?: string;
  service_introduction?: string;
  openid?: string;
  state?: string;
  state_description?: string;
  total_amount?: number;
  attach?: string;
  post_payments?: unknown[];
  post_discounts?: unknown[];
  time_range?: Record<string, unknown>;
  location?: Record<string, unknown>;
  risk_fund?: Record<string, unknown>;
  need_collection?: boolean;
  collection?: Record<string, unknown>;
  [field: string]: unknown;
}

/** Coupon used (代金券核销). */
export interface V3CouponUse {
  coupon_id: string;
  stock_id?: string;
  stock_creator_mchid?: string;
  coupon_name?: string;
  coupon_type?: string;
  status?: string;
  description?: string;
  available_begin_time?: string;
  available_end_time?: string;
  no_cash?: boolean;
  singleitem?: boolean;
  normal_coupon_information?: Record<string, unknown>;
  consume_information?: Record<string, unknown>;
  create_time?: string;
  [field: string]: unknown;
}

/** Merchant coupon received (商家券领券). */
export interface V3CouponSend {
  event_type?: string;
  coupon_code: string;
  stock_id?: string;
  openid?: string;
  unionid?: string;
  send_time?: string;
  send_channel?: string;
  send_merchant?: string;
  attach_info?: Record<string, unknown>;
  [field: string]: unknown;
}

/** Batch transfer finished or closed (商家转账到零钱). */
export interface V3TransferBatch {
  mchid?: string;
  out_batch_no: string;
  batch_id: string;
  batch_status?: string;
  total_amount?: number;
  total_num?: number;
  success_amount?: number;
  success_num?: number;
  fail_amount?: number;
  fail_num?: number;
  close_reason?: string;
  update_time?: string;
  [field: string]: unknown;
}

/** Single transfer bill finished (商家转账). */
export interface V3TransferBill {
  mchid?: string;
  out_bill_no: string;
  transfer_bill_no: string;
  state?: string;
  transfer_amount?: number;
  openid?: string;
  fail_reason?: string;
  create_time?: string;
  update_time?: string;
  [field: string]: unknown;
}

/** Transfer authorization confirmed. */
export interface V3TransferAuthorization {
  mchid?: string;
  appid?: string;
  out_authorization_no?: string;
  authorization_id?: string;
  state?: string;
  openid?: string;
  authorize_time?: string;
  [field: string]: unknown;
}

/** Smart business district (智慧商圈) events. */
export interface V3MallEvent {
  mchid?: string;
  merchant_name?: string;
  shop_name?: string;
  shop_number?: string;
  appid?: string;
  openid?: string;
  transaction_id?: string;
  amount?: number;
  pay_amount?: number;
  refund_amount?: number;
  time_end?: string;
  refund_time?: string;
  refund_id?: string;
  [field: string]: unknown;
}

/** Member card (会员卡) events. */
export interface V3MemberCardEvent {
  event_type?: string;
  card_id?: string;
  code?: string;
  openid?: string;
  unionid?: string;
  activate_scene?: string;
  outer_str?: string;
  event_time?: string;
  [field: string]: unknown;
}

/** Risk trade identification (风险交易识别). */
export interface V3RiskTrade {
  mchid?: string;
  out_trade_no?: string;
  risk_type?: string;
  risk_level?: string;
  [field: string]: unknown;
}

/** Merchant platform enforcement (商户平台处置通知). */
export interface V3Violation {
  sub_mchid?: string;
  company_name?: string;
  record_id?: string;
  punish_plan?: string;
  punish_time?: string;
  punish_description?: string;
  risk_type?: string;
  risk_description?: string;
  [field: string]: unknown;
}

/** E-invoice application (电子发票). */
export interface V3FapiaoApplied {
  mchid?: string;
  fapiao_apply_id?: string;
  apply_time?: string;
  [field: string]: unknown;
}

/** Discount card (先享卡) events. */
export interface V3DiscountCard {
  mchid?: string;
  appid?: string;
  out_card_code?: string;
  card_template_id?: string;
  card_id?: string;
  openid?: string;
  state?: string;
  total_amount?: number;
  [field: string]: unknown;
}

/** Payscore parking (支付分停车) entrance state change. */
export interface V3VehicleEntrance {
  sp_mchid?: string;
  sub_mchid?: string;
  out_parking_no?: string;
  parking_id?: string;
  plate_number?: string;
  parking_state?: string;
  state_update_time?: string;
  [field: string]: unknown;
}

/** Platform recharge (平台收付通) result. */
export interface V3Recharge {
  sp_mchid?: string;
  sub_mchid?: string;
  out_recharge_no?: string;
  recharge_id?: string;
  recharge_state?: string;
  recharge_amount?: Record<string, unknown> | number;
  [field: string]: unknown;
}

/** Delegated marketing (委托营销) plan change. */
export interface V3DeliveryPlan {
  plan_id?: string;
  plan_state?: string;
  audit_state?: string;
  change_reason?: string;
  modify_time?: string;
  [field: string]: unknown;
}

/** E-commerce entrust (电商 entrust) sign or terminate. */
export interface V3EcommerceEntrust {
  mchid?: string;
  appid?: string;
  out_contract_code?: string;
  contract_id?: string;
  plan_id?: string;
  openid?: string;
  operate_time?: string;
  [field: string]: unknown;
}

/** Brand member card (品牌会员卡) events. */
export interface V3BrandMemberCard {
  user_card_code?: string;
  card_id?: string;
  brand_id?: string;
  openid?: string;
  [field: string]: unknown;
}

/** Decrypted resource type of every known v3 `event_type` (spec §6). */
export interface V3EventResources {
  "TRANSACTION.SUCCESS":
    V3Transaction | V3PartnerTransaction | V3CombineTransaction;
  "REFUND.SUCCESS": V3Refund;
  "REFUND.ABNORMAL": V3Refund;
  "REFUND.CLOSED": V3Refund;
  "PROFITSHARING.SUCCESS": V3ProfitSharing;
  "PROFITSHARING.RETURN": V3ProfitSharing;
  "COMPLAINT.CREATE": V3Complaint;
  "COMPLAINT.STATE_CHANGE": V3Complaint;
  "PAYSCORE.USER_OPEN_SERVICE": V3PayscoreAuthorization;
  "PAYSCORE.USER_CLOSE_SERVICE": V3PayscoreAuthorization;
  "PAYSCORE.USER_CONFIRM": V3PayscoreOrder;
  "PAYSCORE.USER_PAID": V3PayscoreOrder;
  "COUPON.USE": V3CouponUse;
  "COUPON.SEND": V3CouponSend;
  "MCHTRANSFER.BATCH.FINISHED": V3TransferBatch;
  "MCHTRANSFER.BATCH.CLOSED": V3TransferBatch;
  "MCHTRANSFER.BILL.FINISHED": V3TransferBill;
  "MCHTRANSFER.AUTHORIZATION.CONFIRMED": V3TransferAuthorization;
  "MALL_TRANSACTION.SUCCESS": V3MallEvent;
  "MALL_REFUND.SUCCESS": V3MallEvent;
  "MALL_AUTH.ACTIVATE_CARD": V3MallEvent;
  "MEMBERCARD.ACTIVATE_CARD": V3MemberCardEvent;
  "MEMBERCARD.USERCARD_MANAGE": V3MemberCardEvent;
  "RISKTRADE.IDENTIFICATION": V3RiskTrade;
  "VIOLATION.PUNISH": V3Violation;
  "VIOLATION.INTERCEPT": V3Violation;
  "VIOLATION.APPEAL": V3Violation;
  "FAPIAO.USER_APPLIED": V3FapiaoApplied;
  "DISCOUNT_CARD.USER_ACCEPTED": V3DiscountCard;
  "DISCOUNT_CARD.AGREEMENT_ENDED": V3DiscountCard;
  "DISCOUNT_CARD.USER_PAID": V3DiscountCard;
  "VEHICLE.ENTRANCE_STATE_CHANGE": V3VehicleEntrance;
  "RECHARGE.SUCCESS": V3Recharge;
  "RECHARGE.CLOSED": V3Recharge;
  "DELIVERY_PLAN.CHANGE": V3DeliveryPlan;
  "ECOMMERCE_ENTRUST.SIGN": V3EcommerceEntrust;
  "ECOMMERCE_ENTRUST.TERMINATE": V3EcommerceEntrust;
  "BRAND_MEMBER_CARD_SP.USER_CARD.CREATE": V3BrandMemberCard;
  "BRAND_MEMBER_CARD_SP.SYNC_USER_POINT": V3BrandMemberCard;
  "BRAND_MEMBER_CARD_SP.POINT_EXCHANGE_COUPON": V3BrandMemberCard;
}

/** Every `event_type` the library has a typed resource for. */
export type KnownV3EventType = keyof V3EventResources;

/** Metadata shared by every verified v3 message. */
interface V3MessageBase {
  version: "v3";
  /** The envelope exactly as parsed (the resource still encrypted). */
  envelope: V3Envelope;
  /** `Wechatpay-Serial` of the key that verified the signature. */
  serial: string;
}

/** Payments and refunds carry their summary at `handleEvent` too. */
type SummaryOf<K extends KnownV3EventType> = K extends "TRANSACTION.SUCCESS"
  ? { summary: PaymentSummary }
  : K extends `REFUND.${string}`
    ? { summary: RefundSummary }
    : { summary?: undefined };

/**
 * A verified, decrypted v3 event of a known type: `eventType` narrows
 * `resource` (and, for payments and refunds, `summary`, whose merchant was
 * checked as at `handlePaid` / `handleRefunded`).
 */
export type KnownV3Event = {
  [K in KnownV3EventType]: V3MessageBase & {
    kind: "event";
    eventType: K;
    known: true;
    resource: V3EventResources[K];
  } & SummaryOf<K>;
}[KnownV3EventType];

/** A verified, decrypted v3 event whose type the library has no model for: delivered untyped. */
export interface UnknownV3Event extends V3MessageBase {
  kind: "event";
  eventType: string;
  known: false;
  resource: Record<string, unknown>;
  summary?: undefined;
}

/** Any verified, decrypted v3 event. */
export type V3Event = KnownV3Event | UnknownV3Event;

/** A verified v3 payment (`TRANSACTION.*`). */
export interface V3PaidMessage extends V3MessageBase {
  kind: "paid";
  eventType: string;
  /** Direct, partner or combined payment. */
  resource: V3Transaction | V3PartnerTransaction | V3CombineTransaction;
  /** Order number, transaction id, amount in fen, success: same shape as v2. */
  summary: PaymentSummary;
}

/** A verified v3 refund (`REFUND.*`). */
export interface V3RefundedMessage extends V3MessageBase {
  kind: "refunded";
  eventType: string;
  resource: V3Refund;
  /** Order and refund numbers, amounts in fen, success: same shape as v2. */
  summary: RefundSummary;
}
