export { toResponse } from "./to-response.js";
export { untouchedNodeRequest, webNotify } from "./web-notify.js";
