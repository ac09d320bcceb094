// express 5 ships no types and @types/express is not a bench dependency;
// only what the benchmark servers call is declared.
declare module "express" {
  import type {
    IncomingMessage,
    RequestListener,
    ServerResponse,
  } from "node:http";
  type Handler = (
    req: IncomingMessage,
    res: ServerResponse & { status(code: number): ServerResponse },
    next: (error?: unknown) => void,
  ) => unknown;
  interface Application extends RequestListener {
    post(path: string, ...handlers: Handler[]): Application;
    disable(setting: string): Application;
  }
  function express(): Application;
  export = express;
}
