import { andThen } from "./_internal/maybe-promise.js";
import {
  guessDialect,
  readRequest,
  type ReceivedRequest,
} from "./_internal/read-request.js";
import { failureReply } from "./_internal/reply-for.js";
import {
  resolveConfig,
  type ResolvedConfig,
} from "./_internal/resolve-config.js";
import { runHandler } from "./_internal/run-handler.js";
import { runOnce } from "./_internal/run-once.js";
import type { ErrorContext, NotifierConfig } from "./config.js";
import type { CryptoProvider, MaybePromise } from "./crypto/crypto-provider.js";
import {
  MalformedRequestError,
  UnexpectedNotificationError,
  WxNotifyError,
} from "./errors.js";
import type {
  AnyMessage,
  EventHandler,
  EventMessage,
  PaidHandler,
  PaidMessage,
  RefundedHandler,
  RefundedMessage,
  ScannedHandler,
  ScannedMessage,
} from "./handlers.js";
import type { NotificationKind } from "./messages/common.js";
import type { NotifyReply, NotifyRequest } from "./request.js";
import { verifyV2, type V2Message } from "./v2/verify-v2.js";
import {
  toV3Event,
  toV3PaidMessage,
  toV3RefundedMessage,
} from "./v3/v3-messages.js";
import { verifyV3, type VerifiedV3 } from "./v3/verify-v3.js";

/** Which entry point a request is verified for. */
export type Entry = NotificationKind | "event";

/** Options of {@link Notifier.verify}. */
export interface VerifyOptions {
  /** Refuse notifications of another kind with `unexpected_notification`. */
  expect?: Entry;
}

/**
 * One notify URL's logic as a function of the request: what every framework
 * adapter wraps. Never throws.
 */
export interface NotifyEndpoint {
  (request: NotifyRequest | Request): Promise<NotifyReply>;
  /** The largest body the endpoint accepts; adapters stop reading just past it. */
  readonly maxBodyBytes: number;
}

/** Receives WeChat Pay notifications: verifies, decrypts, calls your handler, and builds the reply. */
export interface Notifier {
  /** Payment results (v2 XML and v3 `TRANSACTION.*`). Never throws: every failure becomes the reply. */
  handlePaid(
    request: NotifyRequest | Request,
    handler: PaidHandler,
  ): Promise<NotifyReply>;
  /** Refund results (v2 XML with `req_info` and v3 `REFUND.*`). Never throws. */
  handleRefunded(
    request: NotifyRequest | Request,
    handler: RefundedHandler,
  ): Promise<NotifyReply>;
  /** Native mode-1 scan callbacks (v2): the handler returns a `prepay_id`, or calls `alert()`. Never throws. */
  handleScanned(
    request: NotifyRequest | Request,
    handler: ScannedHandler,
  ): Promise<NotifyReply>;
  /** Any v3 event type, known or not, and v2 payments and refunds. Never throws. */
  handleEvent(
    request: NotifyRequest | Request,
    handler: EventHandler,
  ): Promise<NotifyReply>;
  /** `handlePaid` bound to a handler, for an adapter: `koaNotify(notifier.paid(handler))`. */
  paid(handler: PaidHandler): NotifyEndpoint;
  /** `handleRefunded` bound to a handler, for an adapter. */
  refunded(handler: RefundedHandler): NotifyEndpoint;
  /** `handleScanned` bound to a handler, for an adapter. */
  scanned(handler: ScannedHandler): NotifyEndpoint;
  /** `handleEvent` bound to a handler, for an adapter. */
  event(handler: EventHandler): NotifyEndpoint;
  /** Verifies, decrypts and parses; throws a typed {@link WxNotifyError}. No handler, no reply. */
  verify(
    request: NotifyRequest | Request,
    options: { expect: "paid" },
  ): Promise<PaidMessage>;
  verify(
    request: NotifyRequest | Request,
    options: { expect: "refunded" },
  ): Promise<RefundedMessage>;
  verify(
    request: NotifyRequest | Request,
    options: { expect: "scanned" },
  ): Promise<ScannedMessage>;
  verify(
    request: NotifyRequest | Request,
    options: { expect: "event" },
  ): Promise<EventMessage>;
  verify(
    request: NotifyRequest | Request,
    options?: VerifyOptions,
  ): Promise<AnyMessage>;
  /** Resolves once every key is imported (immediately with the node provider). */
  ready(): Promise<void>;
}

const ENTRY_NAMES: Record<Entry, string> = {
  paid: "handlePaid",
  refunded: "handleRefunded",
  scanned: "handleScanned",
  event: "handleEvent",
};

function unexpected(
  entry: Entry,
  what: string,
  use: string,
): UnexpectedNotificationError {
  return new UnexpectedNotificationError(
    "unexpected_notification",
    `${what} arrived at ${ENTRY_NAMES[entry]}. ${use}`,
  );
}

/** The v3 event types each typed entry takes, and how it builds its message. */
const V3_ENTRIES: Partial<
  Record<
    Entry,
    {
      prefix: string;
      toMessage: (config: ResolvedConfig, verified: VerifiedV3) => unknown;
    }
  >
> = {
  paid: { prefix: "TRANSACTION.", toMessage: toV3PaidMessage },
  refunded: { prefix: "REFUND.", toMessage: toV3RefundedMessage },
};

/**
 * Reads and verifies a request for an entry. Synchronous with node:crypto
 * and a plain request (it throws); a promise for a Web Request or with the
 * portable provider (it rejects): each promise and await costs a turn of
 * the microtask queue.
 */
function verifyFor(
  config: ResolvedConfig,
  request: NotifyRequest | Request,
  entry: Entry | undefined,
  context: ErrorContext,
): MaybePromise<AnyMessage> {
  return andThen(
    readRequest(request, config.maxBodyBytes),
    verifyReceived,
    config,
    entry,
    context,
  );
}

function verifyReceived(
  received: ReceivedRequest,
  config: ResolvedConfig,
  entry: Entry | undefined,
  context: ErrorContext,
): MaybePromise<AnyMessage> {
  if (received.dialect === undefined) {
    throw new MalformedRequestError(
      "body_malformed",
      "The body is neither XML (API v2) nor JSON (API v3).",
    );
  }
  context.version = received.dialect;
  if (received.dialect === "v2") {
    return andThen(verifyV2(config, received.body), checkV2Entry, entry);
  }
  return andThen(verifyV3(config, received), v3Message, config, entry, context);
}

function checkV2Entry(
  message: V2Message,
  entry: Entry | undefined,
): AnyMessage {
  if (entry !== undefined && entry !== message.kind) {
    if (entry !== "event" || message.kind === "scanned") {
      const names = {
        paid: "A v2 payment notification",
        refunded: "A v2 refund notification",
        scanned: "A v2 scan callback",
      };
      throw unexpected(
        entry,
        names[message.kind],
        `Route it to ${ENTRY_NAMES[message.kind]}.`,
      );
    }
  }
  return message;
}

function v3Message(
  verified: VerifiedV3,
  config: ResolvedConfig,
  entry: Entry | undefined,
  context: ErrorContext,
): AnyMessage {
  const eventType = verified.envelope.event_type;
  context.notificationId = verified.envelope.id;
  context.eventType = eventType;
  if (entry === undefined || entry === "event") {
    return toV3Event(config, verified);
  }
  const build = V3_ENTRIES[entry];
  if (!build || !eventType.startsWith(build.prefix)) {
    throw unexpected(
      entry,
      `A v3 ${eventType} notification`,
      build
        ? "Give it its own notify_url, or use handleEvent for every event type."
        : "The Native mode-1 scan callback exists only in API v2; use handleEvent or handlePaid for v3.",
    );
  }
  return build.toMessage(config, verified) as unknown as AnyMessage;
}

/**
 * Builds a notifier with the given default crypto provider: each package
 * entry (node, portable) passes its own, so that the portable build never
 * imports node:crypto.
 */
export function buildNotifier(
  config: NotifierConfig,
  defaultCrypto: CryptoProvider,
): Notifier {
  const resolved = resolveConfig(config, defaultCrypto);

  async function handle(
    entry: Entry,
    request: NotifyRequest | Request,
    handler: (message: AnyMessage, tools: never) => unknown,
  ): Promise<NotifyReply> {
    const context: ErrorContext = { entry };
    let message: AnyMessage;
    try {
      const verifying = verifyFor(resolved, request, entry, context);
      message = verifying instanceof Promise ? await verifying : verifying;
    } catch (caught) {
      const error =
        caught instanceof WxNotifyError
          ? caught
          : new MalformedRequestError(
              "body_malformed",
              "The notification could not be read.",
              { cause: caught },
            );
      resolved.onError(error, context);
      const version = context.version ?? guessDialect(request);
      return failureReply(version, error, error.code);
    }
    const run = () => runHandler(resolved, entry, message, handler, context);
    if (!resolved.idempotency) {
      const running = run();
      return (running instanceof Promise ? await running : running).reply;
    }
    return runOnce(resolved, resolved.idempotency, message, context, run);
  }

  const endpoint = (entry: Entry, handler: unknown): NotifyEndpoint =>
    Object.assign(
      (request: NotifyRequest | Request) =>
        handle(entry, request, handler as never),
      { maxBodyBytes: resolved.maxBodyBytes },
    );

  return {
    paid: (handler) => endpoint("paid", handler),
    refunded: (handler) => endpoint("refunded", handler),
    scanned: (handler) => endpoint("scanned", handler),
    event: (handler) => endpoint("event", handler),
    handlePaid: (request, handler) => handle("paid", request, handler as never),
    handleRefunded: (request, handler) =>
      handle("refunded", request, handler as never),
    handleScanned: (request, handler) =>
      handle("scanned", request, handler as never),
    handleEvent: (request, handler) =>
      handle("event", request, handler as never),
    verify: ((request: NotifyRequest | Request, options?: VerifyOptions) => {
      try {
        return Promise.resolve(
          verifyFor(resolved, request, options?.expect, {
            entry: options?.expect ?? "event",
          }),
        );
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }) as Notifier["verify"],
    ready: async () => {
      await resolved.keys;
    },
  };
}
