import type { ProtocolVersion } from "../messages/common.js";
import type { WxNotifyError } from "../errors.js";
import {
  v2FailReply,
  v2SuccessReply,
  v3FailReply,
  v3SuccessReply,
} from "../replies.js";
import type { NotifyReply } from "../request.js";
import type { ResolvedConfig } from "./resolve-config.js";

/**
 * The failure reply for `error` in the sender's dialect (v2 XML or v3 JSON),
 * with the status of the error code table.
 */
export function failureReply(
  version: ProtocolVersion | undefined,
  error: WxNotifyError,
  replyMessage: string,
): NotifyReply {
  const reply =
    version === "v2"
      ? v2FailReply(error.status, replyMessage)
      : v3FailReply(error.status, replyMessage);
  if (error.code === "method_not_allowed") reply.headers.allow = "POST";
  return reply;
}

/** The acknowledgment in the sender's dialect. */
export function successReply(
  config: ResolvedConfig,
  version: ProtocolVersion,
): NotifyReply {
  return version === "v2"
    ? v2SuccessReply()
    : v3SuccessReply(config.v3SuccessStatus);
}
