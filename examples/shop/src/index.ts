export {
  configFromEnv,
  listenAddressFromEnv,
  type LoadedConfig,
  type ShopEnv,
} from "./config-from-env.js";
export {
  createShopHandlers,
  fakePrepayId,
  PRODUCTS,
  type Log,
  type LogLine,
  type ShopHandlers,
} from "./handlers.js";
export {
  createOrderStore,
  type Order,
  type OrderStatus,
  type OrderStore,
} from "./order-store.js";
export {
  createShop,
  type JsonReply,
  type Shop,
  type ShopOptions,
} from "./shop.js";
