import type { IncomingMessage, RequestListener } from "node:http";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { NotifyEndpoint } from "@wxnotify/core";
import express from "express";
import { H3, toNodeHandler } from "h3";
import Koa from "koa";
import { createInputs, FIXED_NOW_MS, type BenchRequest } from "../inputs.js";
import { createLimitV3 } from "../limit/limit-v3.js";

/** The frameworks measured over HTTP, each with its @wxnotify adapter. */
export const FRAMEWORKS = ["node", "express", "koa", "h3", "web"] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/**
 * What a server answers with: the adapter; the framework's bare endpoint
 * (read the body, 204); or the bare endpoint plus the hand-written v3
 * limit (read the body, verify + decrypt + parse, 204).
 */
export const VARIANTS = ["adapter", "bare", "bare+limit"] as const;
export type Variant = (typeof VARIANTS)[number];

/** The package of each framework's adapter. */
export const ADAPTER_PACKAGES: Record<Framework, string> = {
  node: "@wxnotify/node",
  express: "@wxnotify/express",
  koa: "@wxnotify/koa",
  h3: "@wxnotify/h3",
  web: "@wxnotify/web",
};

type Fetch = (request: Request) => Promise<Response>;

/**
 * The adapters' entry points as their READMEs describe them. Loaded by name
 * at run time, so that the benchmark builds and runs while an adapter is
 * still being written (its row then says "not available").
 */
interface AdapterExports {
  node: { nodeNotify(endpoint: NotifyEndpoint): RequestListener };
  express: {
    expressNotify(
      endpoint: NotifyEndpoint,
    ): Parameters<ReturnType<typeof express>["post"]>[1];
  };
  koa: {
    koaNotify(
      endpoint: NotifyEndpoint,
    ): Parameters<InstanceType<typeof Koa>["use"]>[0];
  };
  h3: { h3Notify(endpoint: NotifyEndpoint): Parameters<H3["post"]>[1] };
  web: { webNotify(endpoint: NotifyEndpoint): Fetch };
}

const ENTRY_POINTS: { [F in Framework]: keyof AdapterExports[F] } = {
  node: "nodeNotify",
  express: "expressNotify",
  koa: "koaNotify",
  h3: "h3Notify",
  web: "webNotify",
};

/** Imports a framework's adapter, or throws saying why it is not available. */
export async function loadAdapter<F extends Framework>(
  framework: F,
): Promise<AdapterExports[F]> {
  const name = ADAPTER_PACKAGES[framework];
  let module: Record<string, unknown>;
  try {
    module = (await import(name)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(
      `${name} is not available (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`,
    );
  }
  const entry = ENTRY_POINTS[framework] as string;
  if (typeof module[entry] !== "function") {
    throw new Error(`${name} does not export ${entry}()`);
  }
  return module as unknown as AdapterExports[F];
}

/** Reads a node request body with plain events, the fastest idiomatic way. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () =>
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)),
    );
    req.on("error", reject);
  });
}

const V3_HEADERS = [
  "wechatpay-timestamp",
  "wechatpay-nonce",
  "wechatpay-serial",
  "wechatpay-signature",
] as const;

function fromWebRequest(request: Request, body: Uint8Array): BenchRequest {
  const headers: Record<string, string> = {};
  for (const name of V3_HEADERS) headers[name] = request.headers.get(name)!;
  return { method: request.method, headers, body };
}

// h3 v2 runs on node through srvx's bridge; toNodeHandler only reads
// `app.fetch`, so a plain fetch handler goes through the same bridge.
const fetchToNode = toNodeHandler as unknown as (app: {
  fetch: Fetch;
}) => RequestListener;

/**
 * Builds the request listener of one framework × variant, all answering
 * valid v3 payment notifications on POST /notify with 204.
 */
export async function createListener(
  framework: Framework,
  variant: Variant,
): Promise<RequestListener> {
  const inputs = createInputs();
  // WXNOTIFY_BENCH_CORE: a built core to use instead of @wxnotify/core (a
  // patched copy from src/experiments); the adapters only call the endpoint.
  const override = process.env.WXNOTIFY_BENCH_CORE;
  const { createNotifier } = (await import(
    override ? pathToFileURL(resolve(override)).href : "@wxnotify/core"
  )) as typeof import("@wxnotify/core");
  const notifier = createNotifier(inputs.config);
  const endpoint: NotifyEndpoint = notifier.paid(() => true);
  const { merchant } = inputs;
  const limit = createLimitV3(
    {
      verifyKeys: {
        [merchant.certificateSerial]: merchant.certificatePem,
        [merchant.publicKeyId]: merchant.publicKeyPem,
      },
      apiV3Key: merchant.apiV3Key,
    },
    () => FIXED_NOW_MS,
  );
  const nodeBare = async (req: IncomingMessage): Promise<void> => {
    const body = await readBody(req);
    if (variant === "bare+limit") {
      limit({
        method: req.method!,
        headers: req.headers as Record<string, string>,
        body,
      });
    }
  };
  // text() is the fastest way to read a whole body through srvx (it reads
  // the node stream directly; arrayBuffer() and body go through a web
  // stream). Re-encoding gives the exact bytes back for the valid UTF-8 of
  // these notifications: fine for a baseline, not for a real verifier.
  const webBare: Fetch = async (request) => {
    const text = await request.text();
    if (variant === "bare+limit") {
      limit(fromWebRequest(request, Buffer.from(text)));
    }
    return new Response(null, { status: 204 });
  };

  switch (framework) {
    case "node": {
      if (variant === "adapter") {
        const { nodeNotify } = await loadAdapter("node");
        return nodeNotify(endpoint);
      }
      return (req, res) => {
        nodeBare(req).then(
          () => {
            res.statusCode = 204;
            res.end();
          },
          () => res.destroy(),
        );
      };
    }
    case "express": {
      const app = express();
      app.disable("x-powered-by");
      if (variant === "adapter") {
        const { expressNotify } = await loadAdapter("express");
        app.post("/notify", expressNotify(endpoint));
      } else {
        app.post("/notify", (req, res, next) => {
          nodeBare(req).then(() => res.status(204).end(), next);
        });
      }
      return app;
    }
    case "koa": {
      const app = new Koa();
      if (variant === "adapter") {
        const { koaNotify } = await loadAdapter("koa");
        app.use(koaNotify(endpoint));
      } else {
        app.use(async (ctx) => {
          await nodeBare(ctx.req);
          ctx.status = 204;
        });
      }
      return app.callback();
    }
    case "h3": {
      const app = new H3();
      if (variant === "adapter") {
        const { h3Notify } = await loadAdapter("h3");
        app.post("/notify", h3Notify(endpoint));
      } else {
        app.post("/notify", (event) => webBare(event.req));
      }
      return toNodeHandler(app);
    }
    case "web": {
      if (variant === "adapter") {
        const { webNotify } = await loadAdapter("web");
        return fetchToNode({ fetch: webNotify(endpoint) });
      }
      return fetchToNode({ fetch: webBare });
    }
  }
}
