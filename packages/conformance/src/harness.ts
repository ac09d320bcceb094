// Loaded by Node (vitest) and, through the built packages, by Bun and Deno
// (./runtime/serve.ts): nothing here may need Node. It only verifies: the
// merchant's configuration comes from the signing side.
import {
  createNotifier,
  type AnyMessage,
  type ErrorContext,
  type NotifierConfig,
  type NotifyEndpoint,
  type ScannedTools,
  type WxNotifyError,
} from "@wxnotify/core";
import {
  LIMITED_MAX_BODY_BYTES,
  PREPAY_ID,
  SLOW_MS,
  type Behaviour,
} from "./behaviours.js";

/** The endpoints every variant mounts, by route. */
export interface Endpoints {
  /** `/paid` */
  paid: NotifyEndpoint;
  /** `/refund` */
  refunded: NotifyEndpoint;
  /** `/scanned` */
  scanned: NotifyEndpoint;
  /** `/events` */
  event: NotifyEndpoint;
  /** `/limited`: payments, with a 4 KiB body limit. */
  limited: NotifyEndpoint;
}

/** The route of each endpoint. */
export const ROUTES: Readonly<Record<keyof Endpoints, string>> = {
  paid: "/paid",
  refunded: "/refund",
  scanned: "/scanned",
  event: "/events",
  limited: "/limited",
};

/** Endpoints wired to a registry of expected deliveries, and what onError saw. */
export interface Harness {
  /** The endpoints to mount. */
  endpoints: Endpoints;
  /** Every error the notifiers reported. */
  errors: Array<{ error: WxNotifyError; context: ErrorContext }>;
  /** Resolves once every notifier has imported its keys. */
  ready(): Promise<void>;
  /** Registers a request before sending it; returns its tag. */
  register(
    request: { body: Uint8Array },
    behaviour: Behaviour,
  ): string | undefined;
  /** Registers a tag (see {@link tagOf}) directly. */
  registerTag(tag: string, behaviour: Behaviour): void;
  /** How many times the handler ran for a tag. */
  calls(tag: string | undefined): number;
  /** Handler calls for notifications nobody registered (must stay 0). */
  strays(): number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The id a delivery is known by: v3 envelope `id`, v2 `nonce_str`. */
export function tagOf(body: Uint8Array): string | undefined {
  const text = new TextDecoder().decode(body);
  if (text.trimStart().startsWith("{")) {
    try {
      const id = (JSON.parse(text) as { id?: unknown }).id;
      return typeof id === "string" ? id : undefined;
    } catch {
      return undefined;
    }
  }
  return /<nonce_str>(?:<!\[CDATA\[)?([^<\]]*)/.exec(text)?.[1];
}

function messageTag(message: AnyMessage): string {
  return message.version === "v3"
    ? message.envelope.id
    : (message.fields.nonce_str ?? "");
}

/**
 * Creates notifiers for the test merchant (its `config`, as
 * `@wxnotify/testing` gives it) whose handlers behave as each registered
 * case says.
 */
export function createHarness(merchantConfig: NotifierConfig): Harness {
  const registry = new Map<string, { behaviour: Behaviour; calls: number }>();
  const errors: Harness["errors"] = [];
  let strays = 0;
  const config = {
    ...merchantConfig,
    onError: (error: WxNotifyError, context: ErrorContext) =>
      errors.push({ error, context }),
  };

  async function handle(message: AnyMessage, tools: ScannedTools) {
    const entry = registry.get(messageTag(message));
    if (!entry) {
      strays += 1;
      return tools.fail("unregistered delivery");
    }
    entry.calls += 1;
    switch (entry.behaviour) {
      case "ack":
        return true;
      case "fail":
        return tools.fail("database down");
      case "throw":
        throw new Error("boom");
      case "undefined":
        return undefined;
      case "alert":
        return tools.alert("sold out");
      case "prepay":
        return PREPAY_ID;
      case "slow":
        await sleep(SLOW_MS);
        return true;
      case "jitter":
        await sleep(Math.random() * 20);
        return true;
    }
  }
  const handler = handle as never;
  const notifier = createNotifier(config);
  const limited = createNotifier({
    ...config,
    maxBodyBytes: LIMITED_MAX_BODY_BYTES,
  });
  return {
    endpoints: {
      paid: notifier.paid(handler),
      refunded: notifier.refunded(handler),
      scanned: notifier.scanned(handler),
      event: notifier.event(handler),
      limited: limited.paid(handler),
    },
    errors,
    ready: async () => {
      await Promise.all([notifier.ready(), limited.ready()]);
    },
    register(request, behaviour) {
      const tag = tagOf(request.body);
      if (tag !== undefined) registry.set(tag, { behaviour, calls: 0 });
      return tag;
    },
    registerTag(tag, behaviour) {
      registry.set(tag, { behaviour, calls: 0 });
    },
    calls: (tag) => (tag === undefined ? 0 : (registry.get(tag)?.calls ?? 0)),
    strays: () => strays,
  };
}
