import {
  createMemoryStore,
  createNotifier,
  type IdempotencyStore,
  type Notifier,
} from "@wxnotify/core";
import { createRedisStore } from "@wxnotify/redis";
import { Redis } from "ioredis";
import { configFromEnv, type ShopEnv } from "./config-from-env.js";
import {
  createShopHandlers,
  type Log,
  type LogLine,
  type ShopHandlers,
} from "./handlers.js";
import {
  createOrderStore,
  type Order,
  type OrderStore,
} from "./order-store.js";

/** A JSON reply of the /orders routes, for each framework to write. */
export interface JsonReply {
  status: number;
  body: unknown;
}

/** Everything an example wires into its framework. */
export interface Shop {
  /** Verifies notifications; `notifier.paid(handlers.paid)` is an endpoint. */
  notifier: Notifier;
  /** The recommended handlers, one per notify URL. */
  handlers: ShopHandlers;
  orders: OrderStore;
  /** POST /orders with the parsed JSON body `{"out_trade_no","amount"}`. */
  createOrder(input: unknown): JsonReply;
  /** GET /orders/:out_trade_no. */
  getOrder(outTradeNo: string): JsonReply;
  /** Writes the start-up log line: where it listens and which merchant. */
  logStarted(stack: string, url: string): void;
  /**
   * Resolves once the duplicate-suppression store can be used (Redis
   * connected). Until then a notification gets a retryable 503.
   */
  ready(): Promise<void>;
  /** Closes the Redis connection, if any. */
  close(): Promise<void>;
}

/** Options of {@link createShop}; the defaults are what `pnpm start` uses. */
export interface ShopOptions {
  /** Default `process.env`. */
  env?: ShopEnv;
  /** Default: one JSON line on stdout. */
  log?: Log;
}

const stdoutLog: Log = (line) =>
  console.log(JSON.stringify({ time: new Date().toISOString(), ...line }));

function idempotencyStore(
  env: ShopEnv,
  log: Log,
): {
  store: IdempotencyStore;
  name: string;
  ready: () => Promise<void>;
  close: () => Promise<void>;
} {
  if (!env.REDIS_URL) {
    return {
      store: createMemoryStore(),
      name: "memory (one process; set REDIS_URL to share it)",
      ready: async () => undefined,
      close: async () => undefined,
    };
  }
  // Fail fast when Redis is down: the notification then gets a retryable 503
  // at once instead of hanging past WeChat Pay's timeout.
  const client = new Redis(env.REDIS_URL, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  });
  client.on("error", (error: Error) =>
    log({ level: "warn", msg: "redis", error: error.message }),
  );
  return {
    store: createRedisStore({ client, prefix: "wxnotify-example:" }),
    name: "redis (REDIS_URL)",
    ready: () =>
      client.status === "ready"
        ? Promise.resolve()
        : new Promise((resolve) => client.once("ready", () => resolve())),
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}

function isOrderInput(
  input: unknown,
): input is { out_trade_no: string; amount: number } {
  const { out_trade_no, amount } = (input ?? {}) as Record<string, unknown>;
  return (
    typeof out_trade_no === "string" &&
    // WeChat Pay's rule for out_trade_no: 6–32 letters, digits, _-|*
    /^[A-Za-z0-9_\-|*]{6,32}$/.test(out_trade_no) &&
    Number.isSafeInteger(amount) &&
    (amount as number) > 0
  );
}

/**
 * The shop: merchant configuration from the environment, duplicate
 * suppression (memory, or Redis when REDIS_URL is set), the order store and
 * the handlers. Throws at start-up when a key is wrong.
 */
export function createShop(options: ShopOptions = {}): Shop {
  const env = options.env ?? process.env;
  const log = options.log ?? stdoutLog;
  const loaded = configFromEnv(env);
  const idempotency = idempotencyStore(env, log);
  const notifier = createNotifier({
    ...loaded.config,
    idempotency: { store: idempotency.store },
    // Every notification left unacknowledged: forged, malformed, or refused
    // by a handler. The handlers log their own decisions.
    onError: (error, context) => {
      if (error.code === "handler_failed") return;
      log({
        level: "warn",
        msg: "notification refused",
        code: error.code,
        status: error.status,
        ...context,
        reason: error.message,
      });
    },
  });
  const orders = createOrderStore();
  const orderReply = (order: Order): JsonReply => ({
    status: 200,
    body: order,
  });
  return {
    notifier,
    handlers: createShopHandlers(orders, log),
    orders,
    createOrder(input) {
      if (!isOrderInput(input)) {
        return {
          status: 400,
          body: {
            error:
              'Send {"out_trade_no": "6-32 letters, digits or _-|*", "amount": <positive integer, in fen>}.',
          },
        };
      }
      const order = orders.create({
        out_trade_no: input.out_trade_no,
        amount: input.amount,
      });
      if (!order) {
        return {
          status: 409,
          body: { error: `Order ${input.out_trade_no} exists.` },
        };
      }
      return { status: 201, body: order };
    },
    getOrder(outTradeNo) {
      const order = orders.get(outTradeNo);
      return order
        ? orderReply(order)
        : { status: 404, body: { error: `No order ${outTradeNo}.` } };
    },
    logStarted(stack, url) {
      const line: LogLine = {
        level: "info",
        msg: `${stack} example listening`,
        url,
        notify: ["paid", "refund", "scanned", "events"].map(
          (path) => `${url}/wechatpay/notify/${path}`,
        ),
        merchant: loaded.description,
        idempotency: idempotency.name,
      };
      log(line);
    },
    ready: idempotency.ready,
    close: idempotency.close,
  };
}
