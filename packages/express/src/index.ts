export {
  expressNotify,
  type ExpressNotifyMiddleware,
} from "./express-notify.js";
