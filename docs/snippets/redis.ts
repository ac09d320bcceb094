// #region redis
import { createNotifier } from "@wxnotify/core";
import { createRedisStore } from "@wxnotify/redis";
import { Redis } from "ioredis";
import { config } from "./notifier.js";

// Fail fast when Redis is down: the notification is then answered with a
// retryable 503 at once, instead of hanging past WeChat Pay's timeout.
const redis = new Redis(process.env.REDIS_URL!, {
  maxRetriesPerRequest: 1,
  enableOfflineQueue: false,
});
redis.on("error", (error) => console.warn("redis", error.message));

export const notifier = createNotifier({
  ...config,
  idempotency: {
    store: createRedisStore({ client: redis, prefix: "shop:wxnotify:" }),
    leaseMs: 60_000,
  },
});
// #endregion redis
