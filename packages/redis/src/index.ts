export {
  createRedisStore,
  type RedisStoreOptions,
  type IoredisLike,
  type NodeRedisLike,
} from "./redis-store.js";
