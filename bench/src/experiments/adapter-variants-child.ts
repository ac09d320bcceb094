// Server child for adapter-variants.ts: the h3 and web adapters as they are,
// and the same reading the body from the node request srvx keeps
// (event.runtime.node.req) through @wxnotify/node instead of request.body;
// the koa adapter as it is, and without `ctx.body = ""` on an empty reply;
// @wxnotify/node as it is, and the bare + limit listener with core in place
// of the limit; the express adapter as it is, @wxnotify/node's listener as
// the route, and the bare + limit route with core in place of the limit;
// @wxnotify/node with the RSA verification on libuv's threadpool
// (crypto.verify with a callback), and with AES-GCM there too (WebCrypto's
// subtle.decrypt), against the bare node listener.
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
} from "node:http";
import { verify, type KeyObject } from "node:crypto";
import type { AddressInfo } from "node:net";
import {
  createNotifier,
  nodeCryptoProvider,
  type CryptoProvider,
  type NotifyReply,
} from "@wxnotify/core";
import { nodeNotify, readNotifyRequest, writeReply } from "@wxnotify/node";
import express from "express";
import { H3, toNodeHandler } from "h3";
import Koa from "koa";
import { createInputs } from "../inputs.js";
import { createListener, loadAdapter, readBody } from "../http/targets.js";

const [framework, variant] = process.argv.slice(2);
const inputs = createInputs();

// node:crypto, with the RSA verification as a job on libuv's threadpool.
const threadpoolVerify: CryptoProvider = {
  ...nodeCryptoProvider,
  name: "node, verify on the threadpool",
  verifyRsaSha256: (key, data, signature) =>
    new Promise((resolve) => {
      verify("sha256", data, key.handle as KeyObject, signature, (e, ok) =>
        resolve(e === null && ok),
      );
    }),
};
// The same, and AES-256-GCM through WebCrypto, which also runs there.
const gcmKeys = new WeakMap<object, Promise<CryptoKey>>();
// Node's Buffers are never shared: WebCrypto's types only ask for it.
const bytes = (b: Uint8Array) => b as Uint8Array<ArrayBuffer>;
const threadpoolVerifyGcm: CryptoProvider = {
  ...threadpoolVerify,
  name: "node, verify and AES-GCM on the threadpool",
  importAesGcmKey(key) {
    const handle = { handle: null };
    const subtle = globalThis.crypto.subtle;
    gcmKeys.set(
      handle,
      subtle.importKey("raw", bytes(key), "AES-GCM", false, ["decrypt"]),
    );
    return handle;
  },
  async decryptAesGcm(key, iv, additionalData, data) {
    const cryptoKey = await gcmKeys.get(key)!;
    const plain = await globalThis.crypto.subtle.decrypt(
      {
        name: "AES-GCM",
        iv: bytes(iv),
        additionalData: bytes(additionalData),
        tagLength: 128,
      },
      cryptoKey,
      bytes(data),
    );
    return new Uint8Array(plain);
  },
};
const crypto =
  variant === "threadpool-verify"
    ? threadpoolVerify
    : variant === "threadpool-verify-gcm"
      ? threadpoolVerifyGcm
      : nodeCryptoProvider;
const endpoint = createNotifier({ ...inputs.config, crypto }).paid(() => true);
type WithNode = { runtime?: { node?: { req?: IncomingMessage } } };

const toResponse = (reply: NotifyReply) =>
  new Response(reply.body === "" ? null : reply.body, {
    status: reply.status,
    headers: reply.headers,
  });
// Reads the node request srvx keeps when nothing has read the Web body yet.
const viaNode = async (request: Request): Promise<Response> => {
  const req = (request as Request & WithNode).runtime?.node?.req;
  const input =
    req && !request.bodyUsed
      ? await readNotifyRequest(req, endpoint.maxBodyBytes)
      : request;
  return toResponse(await endpoint(input));
};
const fetchToNode = toNodeHandler as unknown as (app: {
  fetch: (request: Request) => Promise<Response>;
}) => RequestListener;

let listener: RequestListener;
if (framework === "node") {
  if (variant === "bare") {
    listener = await createListener("node", "bare");
  } else if (variant !== "bare-core") {
    listener = nodeNotify(endpoint);
  } else {
    // The bare + limit listener's reading and reply, with core in place of
    // the limit: what nodeNotify adds beyond that.
    listener = (req, res) => {
      void readBody(req)
        .then((body) =>
          endpoint({ method: req.method, headers: req.headers, body }),
        )
        .then((reply) => {
          res.statusCode = reply.status;
          res.end();
        });
    };
  }
} else if (framework === "express") {
  const app = express();
  app.disable("x-powered-by");
  if (variant === "current") {
    const { expressNotify } = await loadAdapter("express");
    app.post("/notify", expressNotify(endpoint));
  } else if (variant === "node-listener") {
    // @wxnotify/node's listener as the route handler, without next().
    app.post("/notify", nodeNotify(endpoint));
  } else {
    // What the bare + limit endpoint does, with core in place of the limit.
    app.post("/notify", (req, res, next) => {
      readNotifyRequest(req, endpoint.maxBodyBytes)
        .then(endpoint)
        .then((reply) => writeReply(res, reply), next);
    });
  }
  listener = app as unknown as RequestListener;
} else if (framework === "koa") {
  const app = new Koa();
  if (variant === "current") {
    const { koaNotify } = await loadAdapter("koa");
    app.use(koaNotify(endpoint));
  } else {
    app.use(async (ctx) => {
      const reply = await endpoint(
        await readNotifyRequest(ctx.req, endpoint.maxBodyBytes, ctx.request),
      );
      ctx.status = reply.status;
      ctx.set(reply.headers);
      // An empty v3 acknowledgment: no body, so Koa sets no content-type.
      if (reply.body !== "") ctx.body = reply.body;
    });
  }
  listener = app.callback();
} else if (framework === "h3") {
  const app = new H3();
  if (variant === "current") {
    const { h3Notify } = await loadAdapter("h3");
    app.post("/notify", h3Notify(endpoint));
  } else {
    app.post("/notify", (event) => viaNode(event.req));
  }
  listener = toNodeHandler(app);
} else {
  const { webNotify } = await loadAdapter("web");
  listener = fetchToNode({
    fetch: variant === "current" ? webNotify(endpoint) : viaNode,
  });
}
const server = createServer(listener);
server.listen(0, "127.0.0.1", () => {
  process.send!({ port: (server.address() as AddressInfo).port });
});
process.on("message", (message: unknown) => {
  if (message === "cpu") {
    const { user, system } = process.cpuUsage();
    process.send!({ cpuMicros: user + system });
  }
});
process.on("disconnect", () => process.exit(0));
