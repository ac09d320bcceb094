// #region server
import { webNotify } from "@wxnotify/web";
import { onPaid, onRefunded } from "../handlers.js";
import { notifier } from "../notifier.js";

const routes: Record<string, (request: Request) => Promise<Response>> = {
  "/wechatpay/notify/paid": webNotify(notifier.paid(onPaid)),
  "/wechatpay/notify/refund": webNotify(notifier.refunded(onRefunded)),
};

// Bun.serve({ fetch }), Deno.serve(fetch), or `export default { fetch }`
export async function fetch(request: Request): Promise<Response> {
  const notify = routes[new URL(request.url).pathname];
  return notify ? notify(request) : new Response("Not Found", { status: 404 });
}
// #endregion server
