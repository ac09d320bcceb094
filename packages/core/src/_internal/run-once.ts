import type { ErrorContext } from "../config.js";
import type { MaybePromise } from "../crypto/crypto-provider.js";
import { IdempotencyError, type WxNotifyError } from "../errors.js";
import type { AnyMessage } from "../handlers.js";
import type { AcquireResult } from "../idempotency/idempotency-store.js";
import type { NotifyReply } from "../request.js";
import { toHex } from "./bytes.js";
import { failureReply, successReply } from "./reply-for.js";
import type { ResolvedConfig, ResolvedIdempotency } from "./resolve-config.js";
import type { HandlerRun } from "./run-handler.js";

function storeError(cause: unknown): IdempotencyError {
  return new IdempotencyError(
    "idempotency_store_unavailable",
    `The idempotency store failed (${cause instanceof Error ? cause.message : String(cause)}); the notification was not acknowledged and WeChat Pay will redeliver it.`,
    { cause },
  );
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs the handler at most once per notification key: takes a lease, runs,
 * marks done on acknowledgment (only while still holding the lease), releases
 * otherwise. Every store failure is a retryable failure, never an
 * acknowledgment.
 */
export async function runOnce(
  config: ResolvedConfig,
  options: ResolvedIdempotency,
  message: AnyMessage,
  context: ErrorContext,
  run: () => MaybePromise<HandlerRun>,
): Promise<NotifyReply> {
  const refuse = (error: WxNotifyError): NotifyReply => {
    config.onError(error, context);
    return failureReply(message.version, error, error.code);
  };
  let key: string | null | undefined;
  try {
    key = options.key(message);
  } catch (cause) {
    return refuse(
      new IdempotencyError(
        "idempotency_store_unavailable",
        "The idempotency key function threw.",
        { cause },
      ),
    );
  }
  if (key === null || key === undefined || key === "")
    return (await run()).reply;
  context.idempotencyKey = key;
  const { store } = options;
  const token = toHex(config.crypto.randomBytes(16));
  const deadline = Date.now() + options.waitMs;
  let claim: AcquireResult;
  for (;;) {
    try {
      claim = await store.acquire(key, token, options.leaseMs);
    } catch (cause) {
      return refuse(storeError(cause));
    }
    if (claim.state !== "busy" || Date.now() >= deadline) break;
    await sleep(Math.min(options.pollMs, Math.max(1, deadline - Date.now())));
  }
  if (claim.state === "done") return successReply(config, message.version);
  if (claim.state === "busy") {
    return refuse(
      new IdempotencyError(
        "duplicate_in_progress",
        `Another delivery of this notification (${key}) is being processed; this one is refused so that WeChat Pay retries it later.`,
      ),
    );
  }

  const result = await run();
  if (!result.acknowledged) {
    // The lease would expire anyway; releasing lets the retry run at once.
    await store.release(key, token).catch(() => undefined);
    return result.reply;
  }
  let completed: boolean;
  try {
    completed = await store.complete(key, token, options.doneTtlMs);
  } catch (cause) {
    return refuse(storeError(cause));
  }
  if (!completed) {
    return refuse(
      new IdempotencyError(
        "lease_lost",
        `The handler for ${key} took longer than leaseMs (${options.leaseMs} ms) and another delivery took over; this one is not acknowledged. Raise leaseMs above your handler's longest run.`,
      ),
    );
  }
  return result.reply;
}
