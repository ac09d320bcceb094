import type { ErrorContext } from "../config.js";
import { HandlerError } from "../errors.js";
import type { AnyMessage, HandlerOutcome } from "../handlers.js";
import type { V2ScannedMessage } from "../messages/v2.js";
import { v2FieldsReply } from "../replies.js";
import type { MaybePromise } from "../crypto/crypto-provider.js";
import type { NotifyReply } from "../request.js";
import { signV2 } from "../v2/sign.js";
import { toHex } from "./bytes.js";
import { failureReply, successReply } from "./reply-for.js";
import type { ResolvedConfig } from "./resolve-config.js";

/** The reply to a handled notification, and whether it acknowledges it. */
export interface HandlerRun {
  reply: NotifyReply;
  acknowledged: boolean;
}

const ENTRY_NAMES: Record<ErrorContext["entry"], string> = {
  paid: "handlePaid",
  refunded: "handleRefunded",
  scanned: "handleScanned",
  event: "handleEvent",
};

function describeValue(value: unknown): string {
  if (value === undefined) return "undefined (nothing)";
  if (typeof value === "string") {
    return `the string ${JSON.stringify(value.slice(0, 40))}`;
  }
  if (typeof value === "object") return value === null ? "null" : "an object";
  return String(value);
}

/** A signed mode-1 reply (spec §3.3), signed with the callback's sign type. */
async function scannedRun(
  config: ResolvedConfig,
  message: V2ScannedMessage,
  status: number,
  acknowledged: boolean,
  fields: Record<string, string>,
): Promise<HandlerRun> {
  const reply: Record<string, string> = {
    return_code: "SUCCESS",
    appid: message.fields.appid,
    mch_id: message.fields.mch_id,
    nonce_str: toHex(config.crypto.randomBytes(16)),
    ...fields,
  };
  reply.sign = await signV2(
    config.crypto,
    reply,
    config.apiV2Key!,
    message.signType,
  );
  return { reply: v2FieldsReply(status, reply), acknowledged };
}

/**
 * Calls the user's handler with the closure semantics: `true` (or a scan's
 * prepay_id, or `alert()`) acknowledges; `fail()`, a throw or anything else
 * does not, and goes to `onError`.
 *
 * A handler that returns a plain value is concluded at once (no promise, no
 * microtask turn); one that returns a promise or another thenable is awaited.
 */
export function runHandler(
  config: ResolvedConfig,
  entry: ErrorContext["entry"],
  message: AnyMessage,
  handler: (message: AnyMessage, tools: never) => unknown,
  context: ErrorContext,
): MaybePromise<HandlerRun> {
  const name = ENTRY_NAMES[entry];
  let outcome: HandlerOutcome | undefined;
  const record = (kind: "fail" | "alert", text: string): HandlerOutcome => {
    const value = { outcome: kind, message: text } as HandlerOutcome;
    outcome ??= value;
    return value;
  };
  const tools = {
    fail: (text = "FAIL") => record("fail", String(text)),
    alert: (text: string) => record("alert", String(text)),
  };
  const refuse = (error: HandlerError, replyMessage: string): HandlerRun => {
    config.onError(error, context);
    return {
      reply: failureReply(message.version, error, replyMessage),
      acknowledged: false,
    };
  };
  const threw = (thrown: unknown): HandlerRun =>
    refuse(
      new HandlerError(
        "handler_threw",
        `The ${name} handler threw (${thrown instanceof Error ? thrown.message : String(thrown)}); the notification was not acknowledged and WeChat Pay will redeliver it.`,
        { cause: thrown },
      ),
      "handler error",
    );
  const conclude = (result: unknown): MaybePromise<HandlerRun> => {
    if (outcome?.outcome === "fail") {
      const error = new HandlerError(
        "handler_failed",
        `The ${name} handler called fail(${JSON.stringify(outcome.message)}); WeChat Pay will redeliver the notification.`,
      );
      if (message.kind !== "scanned") return refuse(error, outcome.message);
      config.onError(error, context);
      return scannedRun(config, message, error.status, false, {
        return_code: "FAIL",
        return_msg: outcome.message,
      });
    }
    if (message.kind === "scanned") {
      if (outcome?.outcome === "alert") {
        return scannedRun(config, message, 200, true, {
          result_code: "FAIL",
          err_code_des: outcome.message,
        });
      }
      if (typeof result === "string" && result !== "") {
        return scannedRun(config, message, 200, true, {
          prepay_id: result,
          result_code: "SUCCESS",
        });
      }
    } else if (result === true) {
      return {
        reply: successReply(config, message.version),
        acknowledged: true,
      };
    }
    return refuse(
      new HandlerError(
        "handler_not_acknowledged",
        `The ${name} handler returned ${describeValue(result)}. ${
          message.kind === "scanned"
            ? "Return the prepay_id of the order created for the scan, or call alert(message) to refuse the sale."
            : "Return true once the notification is durably processed, or call fail(message) to have WeChat Pay redeliver it."
        }`,
      ),
      "not acknowledged",
    );
  };

  let result: unknown;
  let thenable: boolean;
  try {
    result = handler(message, tools as never);
    // Inside the try: reading `then` can throw too (a getter).
    thenable =
      typeof (result as PromiseLike<unknown> | undefined)?.then === "function";
  } catch (thrown) {
    return threw(thrown);
  }
  // Promise.resolve adopts a non-Promise thenable the way await does.
  return thenable
    ? Promise.resolve(result).then(conclude, threw)
    : conclude(result);
}
