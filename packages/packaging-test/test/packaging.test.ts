import {
  execFile,
  execFileSync,
  spawn,
  type ChildProcess,
} from "node:child_process";
import { promisify } from "node:util";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { judgeReply, testMerchant, type Notification } from "@wxnotify/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const packagesDir = fileURLToPath(new URL("../..", import.meta.url));
const PUBLIC_PACKAGES = [
  "core",
  "testing",
  "node",
  "express",
  "koa",
  "h3",
  "web",
  "redis",
];

// Koa, written as a user's ESM app: every import resolves through the
// tarballs' "exports" (import condition).
const KOA_SERVER_MJS = `
import Koa from "koa";
import { createMemoryStore, createNotifier } from "@wxnotify/core";
import { koaNotify } from "@wxnotify/koa";
import { nodeNotify } from "@wxnotify/node";
import { h3Notify } from "@wxnotify/h3";
import { webNotify } from "@wxnotify/web";
import { createRedisStore } from "@wxnotify/redis";
import { testMerchant } from "@wxnotify/testing";

for (const f of [nodeNotify, h3Notify, webNotify, createRedisStore]) {
  if (typeof f !== "function") throw new Error("missing export");
}
const notifier = createNotifier({
  ...testMerchant().config,
  idempotency: { store: createMemoryStore() },
});
const app = new Koa();
app.use(koaNotify(notifier.paid(() => true)));
const server = app.listen(0, "127.0.0.1", () =>
  console.log(JSON.stringify({ port: server.address().port })),
);
`;

// Express, written as a user's CommonJS app: require() resolves through the
// tarballs' "exports" (require condition).
const EXPRESS_SERVER_CJS = `
const express = require("express");
const { createNotifier } = require("@wxnotify/core");
const { expressNotify } = require("@wxnotify/express");
const { nodeNotify } = require("@wxnotify/node");
const { h3Notify } = require("@wxnotify/h3");
const { webNotify } = require("@wxnotify/web");
const { createRedisStore } = require("@wxnotify/redis");
const { testMerchant } = require("@wxnotify/testing");

for (const f of [nodeNotify, h3Notify, webNotify, createRedisStore]) {
  if (typeof f !== "function") throw new Error("missing export");
}
const notifier = createNotifier(testMerchant().config);
const app = express();
app.post("/notify", expressNotify(notifier.paid(() => true)));
app.use(express.json()); // after the notify route, as the docs say
const server = app.listen(0, "127.0.0.1", () =>
  console.log(JSON.stringify({ port: server.address().port })),
);
`;

/** pnpm as this test was started (`pnpm test` sets npm_execpath), else npx. */
async function pnpm(args: string[], cwd: string): Promise<void> {
  const execPath = process.env.npm_execpath;
  const [command, argv] =
    execPath && /pnpm/.test(execPath)
      ? [process.execPath, [execPath, ...args]]
      : ["npx", ["-y", "pnpm@10", ...args]];
  await promisify(execFile)(command, argv, { cwd });
}

async function startServer(
  cwd: string,
  file: string,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [file], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk;
      const line = out.split("\n")[0];
      if (out.includes("\n"))
        resolve((JSON.parse(line!) as { port: number }).port);
    });
    child.once("exit", (code) =>
      reject(new Error(`${file} exited with ${code}:\n${stderr}`)),
    );
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

async function deliver(url: string, n: Notification) {
  const response = await fetch(url, {
    method: "POST",
    headers: n.headers,
    body: n.body as Uint8Array<ArrayBuffer>,
  });
  const body = await response.text();
  return judgeReply(n, { status: response.status, body }).verdict;
}

describe("the published packages, installed with npm outside the workspace", () => {
  const merchant = testMerchant();
  let project: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), "wxnotify-packaging-"));
    const tarballs = join(project, "tarballs");
    mkdirSync(tarballs);
    // In parallel: each pack is mostly pnpm starting up.
    await Promise.all(
      PUBLIC_PACKAGES.map((name) =>
        pnpm(["pack", "--pack-destination", tarballs], join(packagesDir, name)),
      ),
    );
    const files = readdirSync(tarballs).sort();
    expect(files).toHaveLength(PUBLIC_PACKAGES.length);
    const specs = Object.fromEntries(
      files.map((file) => [
        `@wxnotify/${file.replace(/^wxnotify-/, "").replace(/-\d.*$/, "")}`,
        `file:./tarballs/${file}`,
      ]),
    );
    // pnpm pack turns workspace:^ into the version (0.0.0), which npm would
    // look up on the registry: overrides point every @wxnotify/* at its
    // tarball, wherever it is depended on.
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify(
        {
          name: "wxnotify-packaging-check",
          private: true,
          dependencies: { ...specs, koa: "^3.0.0", express: "^5.1.0" },
          overrides: specs,
        },
        null,
        2,
      ),
    );
    execFileSync(
      "npm",
      ["install", "--no-audit", "--no-fund", "--loglevel=error"],
      { cwd: project, stdio: ["ignore", "ignore", "inherit"] },
    );
    writeFileSync(join(project, "koa-server.mjs"), KOA_SERVER_MJS);
    writeFileSync(join(project, "express-server.cjs"), EXPRESS_SERVER_CJS);
  }, 240_000);

  afterAll(() => {
    for (const child of children) child.kill("SIGTERM");
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it("leaves no workspace: protocol in the installed manifests", () => {
    for (const name of PUBLIC_PACKAGES) {
      const manifest = execFileSync(
        process.execPath,
        ["-p", `JSON.stringify(require("@wxnotify/${name}/package.json"))`],
        { cwd: project, encoding: "utf8" },
      );
      expect(manifest).not.toContain("workspace:");
    }
  });

  it("serves a Koa app importing the packages as ESM", async () => {
    const { url, child } = await startServer(project, "koa-server.mjs");
    children.push(child);
    const paid = merchant.v3.paid({ amount: { total: 100 } });
    expect(await deliver(url, paid)).toBe("acknowledged");
    expect(await deliver(url, merchant.v2.paid())).toBe("acknowledged");
    expect(await deliver(url, { ...paid, body: paid.body.slice(1) })).toBe(
      "retry",
    );
  });

  it("serves an Express app requiring the packages as CommonJS", async () => {
    const { url, child } = await startServer(project, "express-server.cjs");
    children.push(child);
    expect(await deliver(`${url}/notify`, merchant.v3.paid())).toBe(
      "acknowledged",
    );
    expect(await deliver(`${url}/notify`, merchant.v2.paid())).toBe(
      "acknowledged",
    );
  });

  it("runs the wxnotify CLI from the installed @wxnotify/testing", async () => {
    const { url, child } = await startServer(project, "koa-server.mjs");
    children.push(child);
    const out = execFileSync(
      join(project, "node_modules/.bin/wxnotify"),
      ["send", "paid", "--url", url, "-q"],
      { cwd: project, encoding: "utf8" },
    );
    expect(out).toContain("acknowledged");
  });
});
