// koa 3 ships no types and @types/koa is not a bench dependency; only what
// the benchmark servers call is declared.
declare module "koa" {
  import type { IncomingMessage, RequestListener } from "node:http";
  interface Context {
    req: IncomingMessage;
    request: { rawBody?: unknown; body?: unknown };
    status: number;
    body: unknown;
    set(headers: Record<string, string>): void;
  }
  class Koa {
    use(middleware: (ctx: Context, next: () => Promise<void>) => unknown): this;
    callback(): RequestListener;
  }
  export = Koa;
}
