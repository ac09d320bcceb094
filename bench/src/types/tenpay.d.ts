// tenpay ships no types; only what the benchmark calls is declared.
declare module "tenpay" {
  interface TenpayConfig {
    appid: string;
    mchid: string;
    partnerKey: string;
  }
  /** What tenpay's Koa middleware reads and writes on the context. */
  interface TenpayKoaContext {
    request: { body: unknown; weixin?: Record<string, unknown> };
    body?: unknown;
    type?: string;
  }
  class Tenpay {
    constructor(config: TenpayConfig, debug?: boolean);
    middleware(
      type?: "pay" | "refund" | "nativePay",
    ): (ctx: TenpayKoaContext, next: () => Promise<void>) => Promise<void>;
  }
  export = Tenpay;
}
