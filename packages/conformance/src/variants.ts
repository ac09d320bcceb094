import { createServer, type IncomingMessage } from "node:http";
import type { NotifyEndpoint } from "@wxnotify/core";
import koaBodyParser from "koa-bodyparser";
import { bodyParser as koaBodyParserV6 } from "@koa/bodyparser";
import Router from "@koa/router";
import express5 from "express";
import express4 from "express4";
import { H3, readBody as readBodyV2, toNodeHandler } from "h3";
import {
  createApp,
  createRouter,
  defineEventHandler,
  readBody as readBodyV1,
  toNodeListener,
} from "h3-v1";
import Koa3 from "koa";
import Koa2 from "koa2";
import { expressNotify } from "@wxnotify/express";
import { h3Notify } from "@wxnotify/h3";
import { koaNotify } from "@wxnotify/koa";
import { nodeNotify } from "@wxnotify/node";
import { webNotify } from "@wxnotify/web";
import { listen, type RunningServer } from "./_internal/listen.js";
import { serveFetch } from "./_internal/serve-fetch.js";
import { ROUTES, type Endpoints } from "./harness.js";

export type { RunningServer } from "./_internal/listen.js";

/** One adapter set-up, run against every case. */
export interface Variant {
  /** Shown in every test name. */
  name: string;
  /** Starts a server on 127.0.0.1:0 with /paid, /refund, /scanned, /events and /limited. */
  start(endpoints: Endpoints): Promise<RunningServer>;
  /**
   * Bodies a parser in front of the notify route reads, by dialect (v2 XML
   * `text/xml`, v3 `application/json`), or `"all"` POST bodies.
   */
  parses?: ReadonlyArray<"v2" | "v3"> | "all";
  /** Whether that parser keeps the exact bytes (`rawBody`, a cache); if not, those requests must fail retryably. */
  keepsRawBody?: boolean;
  /** For a variant that loses the bytes: what onError's message must say. */
  lostHint?: RegExp;
}

type Express = typeof express5;

function routes(endpoints: Endpoints): Array<[string, NotifyEndpoint]> {
  return (Object.keys(ROUTES) as Array<keyof Endpoints>).map((key) => [
    ROUTES[key],
    endpoints[key],
  ]);
}

function expressVariant(
  name: string,
  express: Express,
  options: Omit<Variant, "name" | "start"> & {
    before?: (app: ReturnType<Express>) => void;
    after?: (app: ReturnType<Express>) => void;
  } = {},
): Variant {
  const { before, after, ...rest } = options;
  return {
    name,
    ...rest,
    start: async (endpoints) => {
      const app = express();
      before?.(app);
      for (const [path, endpoint] of routes(endpoints)) {
        app.all(path, expressNotify(endpoint));
      }
      after?.(app);
      return listen(createServer(app));
    },
  };
}

const keepRawBody = (req: IncomingMessage, _res: unknown, buf: Buffer) => {
  // @koa/bodyparser's typings declare IncomingMessage.rawBody a string.
  (req as unknown as { rawBody?: Buffer }).rawBody = buf;
};

const expressVariants = [express5, express4].flatMap((express, i) => {
  const v = i === 0 ? "express 5" : "express 4";
  return [
    expressVariant(v, express),
    expressVariant(`${v} + express.json({ verify }) keeping rawBody`, express, {
      before: (app) => app.use(express.json({ verify: keepRawBody })),
      parses: ["v3"],
      keepsRawBody: true,
    }),
    expressVariant(`${v} + express.json() before the route`, express, {
      before: (app) => app.use(express.json()),
      parses: ["v3"],
      keepsRawBody: false,
      lostHint: /express\.json\(\)/,
    }),
    expressVariant(`${v} + express.text({ type: "text/xml" })`, express, {
      before: (app) => app.use(express.text({ type: "text/xml" })),
      parses: ["v2"],
      keepsRawBody: true,
    }),
    expressVariant(`${v} + express.raw({ type: "*/*" })`, express, {
      before: (app) => app.use(express.raw({ type: "*/*" })),
      parses: ["v2", "v3"],
      keepsRawBody: true,
    }),
  ];
});

expressVariants.splice(
  1,
  0,
  expressVariant("express 5, notify routes before express.json()", express5, {
    after: (app) => app.use(express5.json()),
  }),
);

type KoaClass = typeof Koa3;
type KoaApp = Koa3;

function koaVariant(
  name: string,
  Koa: KoaClass,
  options: Omit<Variant, "name" | "start"> & {
    use?: (app: KoaApp) => void;
    router?: boolean;
  } = {},
): Variant {
  const { use, router, ...rest } = options;
  return {
    name,
    ...rest,
    start: async (endpoints) => {
      const app = new Koa();
      // Koa logs the 400 a body parser throws for malformed JSON: expected here.
      app.silent = true;
      use?.(app);
      if (router) {
        const r = new Router();
        for (const [path, endpoint] of routes(endpoints)) {
          r.all(path, koaNotify(endpoint));
        }
        app.use(r.routes()).use(r.allowedMethods());
      } else {
        const byPath = new Map(
          routes(endpoints).map(([path, endpoint]) => [
            path,
            koaNotify(endpoint),
          ]),
        );
        app.use(async (ctx, next) => {
          const notify = byPath.get(ctx.path);
          if (notify) await notify(ctx);
          else await next();
        });
      }
      return listen(createServer(app.callback()));
    },
  };
}

const koaVariants = [
  koaVariant("koa 3", Koa3),
  koaVariant("koa 2", Koa2),
  koaVariant("koa 3 + koa-bodyparser (json, form)", Koa3, {
    use: (app) => app.use(koaBodyParser()),
    parses: ["v3"],
    keepsRawBody: true,
  }),
  koaVariant("koa 2 + koa-bodyparser (json, form, xml)", Koa2, {
    use: (app) =>
      app.use(koaBodyParser({ enableTypes: ["json", "form", "xml"] })),
    parses: ["v2", "v3"],
    keepsRawBody: true,
  }),
  koaVariant("koa 3 + @koa/bodyparser (json, form, xml)", Koa3, {
    use: (app) =>
      app.use(koaBodyParserV6({ enableTypes: ["json", "form", "xml"] })),
    parses: ["v2", "v3"],
    keepsRawBody: true,
  }),
  koaVariant("koa 2 + @koa/bodyparser (json, form)", Koa2, {
    use: (app) => app.use(koaBodyParserV6()),
    parses: ["v3"],
    keepsRawBody: true,
  }),
  koaVariant("koa 3 + @koa/router", Koa3, { router: true }),
  koaVariant("koa 2 + @koa/router + koa-bodyparser", Koa2, {
    router: true,
    use: (app) => app.use(koaBodyParser()),
    parses: ["v3"],
    keepsRawBody: true,
  }),
];

function h3v1Variant(name: string, readFirst: boolean): Variant {
  return {
    name,
    ...(readFirst && { parses: "all" as const, keepsRawBody: true }),
    start: async (endpoints) => {
      const app = createApp();
      if (readFirst) {
        app.use(
          defineEventHandler(async (event) => {
            await readBodyV1(event).catch(() => undefined);
          }),
        );
      }
      const router = createRouter();
      for (const [path, endpoint] of routes(endpoints)) {
        router.use(path, h3Notify(endpoint));
      }
      app.use(router);
      return listen(createServer(toNodeListener(app)));
    },
  };
}

function h3v2Variant(name: string, readFirst: boolean): Variant {
  return {
    name,
    // h3 v2 reads event.req (a Web Request) and keeps nothing: the bytes are
    // gone. The core's message says the body "was already read" but does not
    // name readBody (reported as a core improvement).
    ...(readFirst && {
      parses: "all" as const,
      keepsRawBody: false,
      lostHint: /readBody\(\).*before h3Notify/,
    }),
    start: async (endpoints) => {
      const app = new H3();
      if (readFirst) {
        app.use(async (event) => {
          await readBodyV2(event).catch(() => undefined);
        });
      }
      for (const [path, endpoint] of routes(endpoints)) {
        app.all(path, h3Notify(endpoint));
      }
      return listen(createServer(toNodeHandler(app)));
    },
  };
}

const h3Variants = [
  h3v1Variant("h3 v1", false),
  h3v1Variant("h3 v1 + an earlier readBody", true),
  h3v2Variant("h3 v2", false),
  h3v2Variant("h3 v2 + an earlier readBody", true),
];

const nodeVariant: Variant = {
  name: "node:http",
  start: async (endpoints) => {
    const byPath = new Map(
      routes(endpoints).map(([path, endpoint]) => [path, nodeNotify(endpoint)]),
    );
    return listen(
      createServer((req, res) => {
        const notify = byPath.get(new URL(req.url ?? "/", "http://x").pathname);
        if (notify) void notify(req, res);
        else res.writeHead(404).end();
      }),
    );
  },
};

const webVariant: Variant = {
  name: "web (Request → Response)",
  start: async (endpoints) => {
    const byPath = new Map(
      routes(endpoints).map(([path, endpoint]) => [path, webNotify(endpoint)]),
    );
    return serveFetch(async (request) => {
      const notify = byPath.get(new URL(request.url).pathname);
      return notify ? notify(request) : new Response(null, { status: 404 });
    });
  },
};

// The same handler served on Node by srvx (what h3 v2, Nitro and the fetch
// example run on), whose Request carries the node request: webNotify reads
// that stream directly instead of the Request's body.
const webOnSrvxVariant: Variant = {
  name: "web on srvx (Request → Response)",
  start: async (endpoints) => {
    const byPath = new Map(
      routes(endpoints).map(([path, endpoint]) => [path, webNotify(endpoint)]),
    );
    const fetch = async (request: Request): Promise<Response> => {
      const notify = byPath.get(new URL(request.url).pathname);
      return notify ? notify(request) : new Response(null, { status: 404 });
    };
    // h3's toNodeHandler is srvx's: it only reads `fetch` off what it gets.
    const toNode = toNodeHandler as unknown as (app: {
      fetch: typeof fetch;
    }) => Parameters<typeof createServer>[0];
    return listen(createServer(toNode({ fetch })));
  },
};

/** Every adapter variant the suite runs. */
export const variants: readonly Variant[] = [
  nodeVariant,
  ...expressVariants,
  ...koaVariants,
  ...h3Variants,
  webVariant,
  webOnSrvxVariant,
];
