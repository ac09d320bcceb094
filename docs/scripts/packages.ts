/** A public package whose exports the API reference documents. */
export interface ApiPackage {
  /** npm name. */
  name: string;
  /** Page slug under api/. */
  slug: string;
  /** Entry files, relative to the repository root, in page order. */
  entries: { file: string; title?: string }[];
  /** One line on what the package is, per locale. */
  summary: { zh: string; en: string };
}

/** Every public package, in the order the API reference lists them. */
export const API_PACKAGES: readonly ApiPackage[] = [
  {
    name: "@wxnotify/core",
    slug: "core",
    entries: [
      { file: "packages/core/src/index.ts" },
      {
        file: "packages/core/src/index.portable.ts",
        title: "@wxnotify/core/portable",
      },
    ],
    summary: {
      zh: "协议核心：验签、解密、解析、调用处理函数并生成应答，与框架无关。",
      en: "The protocol core: verify, decrypt, parse, call your handler and build the reply; framework-neutral.",
    },
  },
  {
    name: "@wxnotify/node",
    slug: "node",
    entries: [{ file: "packages/node/src/index.ts" }],
    summary: {
      zh: "node:http 适配器：读取原始请求体（带大小限制）并写回应答。",
      en: "The node:http adapter: reads the raw body (with a size limit) and writes the reply.",
    },
  },
  {
    name: "@wxnotify/express",
    slug: "express",
    entries: [{ file: "packages/express/src/index.ts" }],
    summary: {
      zh: "Express 4 / 5 中间件，基于 @wxnotify/node。",
      en: "Express 4 and 5 middleware, built on @wxnotify/node.",
    },
  },
  {
    name: "@wxnotify/koa",
    slug: "koa",
    entries: [{ file: "packages/koa/src/index.ts" }],
    summary: {
      zh: "Koa 2 / 3 中间件（也可作为 @koa/router 路由），基于 @wxnotify/node。",
      en: "Koa 2 and 3 middleware (also an @koa/router route), built on @wxnotify/node.",
    },
  },
  {
    name: "@wxnotify/h3",
    slug: "h3",
    entries: [{ file: "packages/h3/src/index.ts" }],
    summary: {
      zh: "h3 事件处理函数：h3 v2，以及 h3 v1（Nuxt 4 / Nitro）。",
      en: "An h3 event handler for h3 v2 and h3 v1 (Nuxt 4 / Nitro).",
    },
  },
  {
    name: "@wxnotify/web",
    slug: "web",
    entries: [{ file: "packages/web/src/index.ts" }],
    summary: {
      zh: "Fetch 运行时适配器：`(request: Request) => Promise<Response>`。",
      en: "The fetch-runtime adapter: `(request: Request) => Promise<Response>`.",
    },
  },
  {
    name: "@wxnotify/testing",
    slug: "testing",
    entries: [{ file: "packages/testing/src/index.ts" }],
    summary: {
      zh: "测试商户、各类已签名的模拟通知、篡改工具和 wxnotify CLI。",
      en: "Test merchant, signed fake notifications of every kind, tamper helpers and the wxnotify CLI.",
    },
  },
  {
    name: "@wxnotify/redis",
    slug: "redis",
    entries: [{ file: "packages/redis/src/index.ts" }],
    summary: {
      zh: "基于 Redis 的幂等存储，多实例共享去重状态。",
      en: "A Redis idempotency store shared by every server instance.",
    },
  },
];
