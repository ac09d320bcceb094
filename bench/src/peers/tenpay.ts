import Tenpay from "tenpay";
import { bodyText, type BenchRequest } from "../inputs.js";

/** The merchant as tenpay is configured. */
export interface TenpayMerchant {
  appId: string;
  mchId: string;
  apiV2Key: string;
}

/**
 * tenpay 2.1.18 through its public Koa middleware, `middleware("pay")` and
 * `middleware("refund")`, called with a plain object shaped like a Koa
 * context (the middleware only reads `ctx.request.body` as a string and
 * calls `next()` on success; no Koa is involved). Behind it: xml2js parse
 * (async, trims values), return_code/result_code, appid/mch_id checks, then
 * for payments `sign !== _getSign(...)` (a plain `!==`, not constant-time;
 * MD5 unless `sign_type` says HMAC-SHA256: a 64-character HMAC sign without
 * `sign_type` is refused), for refunds AES-256-ECB of req_info and a second
 * xml2js parse.
 */
export function createTenpay(
  merchant: TenpayMerchant,
  kind: "pay" | "refund",
): (request: BenchRequest) => Promise<Record<string, unknown>> {
  const api = new Tenpay({
    appid: merchant.appId,
    mchid: merchant.mchId,
    partnerKey: merchant.apiV2Key,
  });
  const middleware = api.middleware(kind);
  return async (request) => {
    const ctx = { request: { body: bodyText(request.body) } } as {
      request: { body: unknown; weixin?: Record<string, unknown> };
      body?: unknown;
    };
    let accepted = false;
    await middleware(ctx, async () => {
      accepted = true;
    });
    if (!accepted || !ctx.request.weixin) {
      throw new Error(`tenpay refused: ${String(ctx.body)}`);
    }
    return ctx.request.weixin;
  };
}
