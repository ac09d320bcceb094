export type { BodySources } from "./body-sources.js";
export { nodeNotify } from "./node-notify.js";
export { readNotifyRequest } from "./read-notify-request.js";
export { writeReply } from "./write-reply.js";
