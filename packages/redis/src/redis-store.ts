import type { AcquireResult, IdempotencyStore } from "@wxnotify/core";

/** An ioredis client (`Redis` or `Cluster`): anything with `call`. */
export interface IoredisLike {
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** A node-redis v4/v5 client: anything with `sendCommand`. */
export interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>;
}

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /**
   * A connected ioredis or node-redis client. Configure it to fail fast when
   * Redis is down (ioredis: `maxRetriesPerRequest: 1`, `enableOfflineQueue:
   * false`): a store that hangs holds WeChat Pay's connection past its
   * timeout, while a store error is answered at once with a retryable 503.
   */
  client: IoredisLike | NodeRedisLike;
  /** Prefix of every key. Default `"wxnotify:"`. */
  prefix?: string;
}

// Each script reads and writes one key atomically, so every instance sharing
// the Redis sees one state. Values: "lease:<token>" or "done"; expiry via PX.
const ACQUIRE = `local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], 'lease:' .. ARGV[1], 'PX', ARGV[2])
  return 'acquired'
end
if v == 'done' then return 'done' end
return 'busy'`;

const COMPLETE = `if redis.call('GET', KEYS[1]) == 'lease:' .. ARGV[1] then
  redis.call('SET', KEYS[1], 'done', 'PX', ARGV[2])
  return 1
end
return 0`;

const RELEASE = `if redis.call('GET', KEYS[1]) == 'lease:' .. ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/**
 * A Redis-backed store for `idempotency.store`: every server instance that
 * shares the Redis runs each notification's handler once.
 */
export function createRedisStore(options: RedisStoreOptions): IdempotencyStore {
  const { client } = options;
  const prefix = options.prefix ?? "wxnotify:";
  let send: (args: string[]) => Promise<unknown>;
  // ioredis has a sendCommand too (taking a Command object): test call first.
  if (typeof (client as IoredisLike).call === "function") {
    const ioredis = client as IoredisLike;
    send = ([command, ...args]) => ioredis.call(command!, ...args);
  } else if (typeof (client as NodeRedisLike).sendCommand === "function") {
    const nodeRedis = client as NodeRedisLike;
    send = (args) => nodeRedis.sendCommand(args);
  } else {
    throw new TypeError(
      "@wxnotify/redis: client must be an ioredis or node-redis client (with call() or sendCommand()).",
    );
  }
  const evaluate = (script: string, key: string, ...args: string[]) =>
    send(["EVAL", script, "1", prefix + key, ...args]);

  return {
    async acquire(key, token, leaseMs): Promise<AcquireResult> {
      const state = String(
        await evaluate(ACQUIRE, key, token, String(leaseMs)),
      );
      if (state !== "acquired" && state !== "busy" && state !== "done") {
        throw new Error(`unexpected reply from Redis: ${state.slice(0, 40)}`);
      }
      return { state };
    },
    async complete(key, token, ttlMs) {
      return Number(await evaluate(COMPLETE, key, token, String(ttlMs))) === 1;
    },
    async release(key, token) {
      await evaluate(RELEASE, key, token);
    },
  };
}
