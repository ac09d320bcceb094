import type { MaybePromise } from "./crypto/crypto-provider.js";
import type {
  V2PaidMessage,
  V2RefundedMessage,
  V2ScannedMessage,
} from "./messages/v2.js";
import type {
  V3Event,
  V3PaidMessage,
  V3RefundedMessage,
} from "./messages/v3.js";

/** A payment result, v2 or v3: `summary` has the same shape in both. */
export type PaidMessage = V2PaidMessage | V3PaidMessage;

/** A refund result, v2 or v3: `summary` has the same shape in both. */
export type RefundedMessage = V2RefundedMessage | V3RefundedMessage;

/** A Native mode-1 scan callback (v2 only). */
export type ScannedMessage = V2ScannedMessage;

/** What `handleEvent` delivers: any v3 event, or a v2 payment or refund. */
export type EventMessage = V3Event | V2PaidMessage | V2RefundedMessage;

/** Anything `verify()` can return. */
export type AnyMessage =
  PaidMessage | RefundedMessage | ScannedMessage | V3Event;

declare const outcomeBrand: unique symbol;

/** What `fail()` and `alert()` return; returning it from the handler is optional. */
export interface HandlerOutcome {
  readonly [outcomeBrand]: true;
  /** `fail`: WeChat Pay retries. `alert`: a business error shown to the payer. */
  readonly outcome: "fail" | "alert";
  /** The message given. */
  readonly message: string;
}

/** Helpers given to every handler. */
export interface NotifyTools {
  /**
   * Do not acknowledge: WeChat Pay redelivers later. Use it when processing
   * could not finish (database down); the message goes into the reply.
   */
  fail(message?: string): HandlerOutcome;
}

/** Helpers given to a scan handler. */
export interface ScannedTools extends NotifyTools {
  /**
   * Refuse the sale (`result_code=FAIL`): WeChat shows `message` to the payer
   * (e.g. 商品已售完). Not retried.
   */
  alert(message: string): HandlerOutcome;
}

/** Return `true` once the notification is durably processed; anything else is not acknowledged. */
export type NotifyHandlerResult = boolean | void | HandlerOutcome;

/** Handles a verified payment; return `true` to acknowledge. */
export type PaidHandler = (
  message: PaidMessage,
  tools: NotifyTools,
) => MaybePromise<NotifyHandlerResult>;

/** Handles a verified refund; return `true` to acknowledge. */
export type RefundedHandler = (
  message: RefundedMessage,
  tools: NotifyTools,
) => MaybePromise<NotifyHandlerResult>;

/** Handles a verified scan callback; return the `prepay_id` of the order created for it. */
export type ScannedHandler = (
  message: ScannedMessage,
  tools: ScannedTools,
) => MaybePromise<string | NotifyHandlerResult>;

/** Handles any verified notification; return `true` to acknowledge. */
export type EventHandler = (
  message: EventMessage,
  tools: NotifyTools,
) => MaybePromise<NotifyHandlerResult>;
