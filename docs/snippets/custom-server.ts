// #region server
import { createServer } from "node:http2";
import { http2Notify } from "./custom-adapter.js";
import { onPaid } from "./handlers.js";
import { notifier } from "./notifier.js";

const paid = http2Notify(notifier.paid(onPaid));

export const server = createServer(); // createSecureServer({ key, cert }) in production
server.on("stream", (stream, headers) => {
  if (headers[":path"] === "/wechatpay/notify/paid") void paid(stream, headers);
  else stream.respond({ ":status": 404 }, { endStream: true });
});
// #endregion server
