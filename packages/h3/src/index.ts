export {
  h3Notify,
  type H3NotifyEvent,
  type H3NotifyHandler,
} from "./h3-notify.js";
