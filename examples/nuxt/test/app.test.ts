import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LogLine } from "@wxnotify/example-shop";
import {
  describeShopContract,
  httpRequest,
} from "@wxnotify/example-shop/contract";

const root = fileURLToPath(new URL("..", import.meta.url));
const entry = join(root, "dist/output/server/index.mjs");

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(path).map((name) => newestMtime(join(path, name))),
  );
}

/** Builds the app unless turbo's build task (or an earlier run) already did. */
function ensureBuilt(): void {
  const sources = ["server", "app.vue", "nuxt.config.ts", "../shop/src"].map(
    (path) => join(root, path),
  );
  if (
    existsSync(entry) &&
    statSync(entry).mtimeMs >= Math.max(...sources.map(newestMtime))
  ) {
    return;
  }
  execFileSync("npx", ["nuxt", "build"], {
    cwd: root,
    stdio: "ignore",
    env: { ...process.env, NUXT_TELEMETRY_DISABLED: "1" },
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Without WECHATPAY_* and REDIS_URL: the built-in test merchant, memory store. */
function shopEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("WECHATPAY_") && name !== "REDIS_URL") {
      env[name] = value;
    }
  }
  return { ...env, PORT: String(port), HOST: "127.0.0.1" };
}

async function waitUntilServing(
  url: string,
  child: ChildProcess,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The server exited with ${child.exitCode}.`);
    }
    try {
      await fetch(`${url}/orders/READY-CHECK`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`The server did not answer at ${url} within 30 s.`);
}

// The built Nitro server, spawned as `pnpm start` runs it, over HTTP.
describeShopContract("nuxt (built, node-server)", async () => {
  ensureBuilt();
  const port = await freePort();
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    env: shopEnv(port),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: LogLine[] = [];
  let pending = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    pending += chunk;
    const complete = pending.split("\n");
    pending = complete.pop()!;
    for (const line of complete) {
      // Nitro prints "Listening on …" too: keep the JSON lines only.
      if (line.startsWith("{")) lines.push(JSON.parse(line) as LogLine);
    }
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(url, child);
  return {
    request: httpRequest(url),
    logs: () => lines,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
});
