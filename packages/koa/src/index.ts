export {
  koaNotify,
  type KoaNotifyContext,
  type KoaNotifyMiddleware,
} from "./koa-notify.js";
