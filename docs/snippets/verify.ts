// #region inspect
import { isWxNotifyError, type NotifyRequest } from "@wxnotify/core";
import { notifier } from "./notifier.js";

/** What a stored request is, or exactly why it fails: no handler, no reply. */
export async function inspect(request: NotifyRequest): Promise<string> {
  try {
    const message = await notifier.verify(request);
    const what = "eventType" in message ? message.eventType : message.kind;
    return `${message.version} ${what}: verified`;
  } catch (error) {
    if (!isWxNotifyError(error)) throw error;
    return `${error.code} (HTTP ${error.status}): ${error.message}`;
  }
}
// #endregion inspect
