export { toResponse } from "./to-response.js";
export { webNotify } from "./web-notify.js";
