// Starts ./runtime/serve.ts under Bun or Deno, as a child process, and
// drives its harness over HTTP. Node only (the vitest side).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { NotifierConfig } from "@wxnotify/core";
import {
  CONTROL,
  type HarnessState,
  type Registration,
} from "./runtime/control.js";
import type { RuntimeInfo } from "./runtime/serve.js";

export type { RuntimeInfo } from "./runtime/serve.js";

const require = createRequire(import.meta.url);
const runtimeDir = fileURLToPath(new URL("./runtime/", import.meta.url));
const serveFile = join(runtimeDir, "serve.ts");

/** The bun binary the `bun` package ships (its postinstall puts it in bin/). */
function bunBinary(): string {
  const dir = dirname(require.resolve("bun/package.json"));
  return join(dir, "bin", "bun.exe");
}

/** The deno binary the `deno` package ships (from its @deno/<platform> package). */
function denoBinary(): string {
  const api = require("deno/install_api.cjs") as { runInstall(): string };
  return api.runInstall();
}

/** One runtime the web adapter runs inside. */
export interface RuntimeVariant {
  /** Shown in every test name. */
  name: string;
  runtime: RuntimeInfo["runtime"];
  /** The binary and its arguments. */
  command(): { binary: string; args: string[] };
  /** The core entry this runtime must resolve, under packages/core/dist/. */
  coreEntry: string;
  /** The crypto provider that entry defaults to. */
  provider: "node" | "portable";
}

/** Bun, with extra arguments before the file. */
function bunCommand(...extra: string[]) {
  return () => ({
    binary: bunBinary(),
    // Without the override Bun would apply tsconfig.base.json's `paths`
    // (@wxnotify/* → src/) instead of the packages' exports.
    args: [
      "run",
      `--tsconfig-override=${join(runtimeDir, "tsconfig.bun.json")}`,
      ...extra,
      serveFile,
    ],
  });
}

export const runtimeVariants: readonly RuntimeVariant[] = [
  {
    name: "web on bun",
    runtime: "bun",
    command: bunCommand(),
    // Bun matches none of workerd/worker/edge-light/deno/browser: it takes
    // `import`, the node:crypto entry (Bun implements node:crypto).
    coreEntry: "index.mjs",
    provider: "node",
  },
  {
    // The portable provider on JavaScriptCore's WebCrypto too, as a Bun app
    // that asks for it (or a bundle for Workers built with Bun) gets it.
    name: "web on bun --conditions=worker",
    runtime: "bun",
    command: bunCommand("--conditions=worker"),
    coreEntry: "index.portable.mjs",
    provider: "portable",
  },
  {
    name: "web on deno",
    runtime: "deno",
    command: () => ({
      binary: denoBinary(),
      args: [
        "run",
        // Only to listen on 127.0.0.1: no read, env or other permission.
        "--allow-net=127.0.0.1",
        // The workspace's node_modules, as installed; never write to it.
        "--node-modules-dir=manual",
        "--no-lock",
        // The sources import ./x.js for ./x.ts (TypeScript's NodeNext style).
        "--sloppy-imports",
        "--quiet",
        serveFile,
      ],
    }),
    // The `deno` condition: WebCrypto + node-forge, no node:* import.
    coreEntry: "index.portable.mjs",
    provider: "portable",
  },
];

/** A runtime server, listening, and its harness. */
export interface RuntimeServer {
  /** What the server reported: where it listens, what it loaded. */
  info: RuntimeInfo;
  /** Base URL. */
  url: string;
  /** Registers deliveries by tag before they are sent. */
  register(registrations: Registration[]): Promise<void>;
  /** Handler calls per tag. */
  calls(tags: string[]): Promise<number[]>;
  /** Strays and onError's reports. */
  state(): Promise<HarnessState>;
  /** What the process wrote on stderr so far. */
  stderr(): string;
  /** Closes its stdin (it stops by itself), and kills it if it does not. */
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

async function control<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) {
    throw new Error(`${init?.method ?? "GET"} ${url}: ${response.status}`);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Starts the web adapter inside the runtime, for the merchant's configuration. */
export function startRuntime(
  variant: RuntimeVariant,
  merchantConfig: NotifierConfig,
): Promise<RuntimeServer> {
  const { binary, args } = variant.command();
  if (!existsSync(binary)) {
    throw new Error(`${variant.runtime}: no binary at ${binary}`);
  }
  const child = spawn(binary, args, {
    cwd: dirname(serveFile),
    stdio: ["pipe", "pipe", "pipe"],
    env: {
      ...process.env,
      NO_COLOR: "1",
      DENO_NO_UPDATE_CHECK: "1",
      DENO_NO_PROMPT: "1",
    },
  });
  let stdout = "";
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  child.stdin.write(`${JSON.stringify(merchantConfig)}\n`);

  return new Promise<RuntimeServer>((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      child.kill("SIGKILL");
      reject(
        new Error(
          `${variant.name}: ${why}\n${binary} ${args.join(" ")}\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    };
    const timer = setTimeout(
      () => fail(`no report within ${START_TIMEOUT_MS} ms`),
      START_TIMEOUT_MS,
    );
    void exited.then((code) => {
      clearTimeout(timer);
      fail(`exited with ${code} before it listened`);
    });
    child.on("error", (error) => fail(String(error)));
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      let info: RuntimeInfo;
      try {
        info = JSON.parse(stdout.slice(0, newline)) as RuntimeInfo;
      } catch {
        return fail("its first line is not JSON");
      }
      child.stdout.removeAllListeners("data");
      settled = true;
      const { url } = info;
      resolve({
        info,
        url,
        register: (registrations) =>
          control(url + CONTROL.register, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(registrations),
          }),
        calls: (tags) => {
          const query = new URLSearchParams(tags.map((tag) => ["tag", tag]));
          return control(`${url}${CONTROL.calls}?${query}`);
        },
        state: () => control(url + CONTROL.state),
        stderr: () => stderr,
        close: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.stdin.end();
          const timeout = setTimeout(
            () => child.kill("SIGKILL"),
            STOP_TIMEOUT_MS,
          );
          await exited;
          clearTimeout(timeout);
        },
      });
    });
  });
}

/** packages/, in the workspace. */
export const packagesDir = fileURLToPath(new URL("../../", import.meta.url));

/** The built files the runtime servers load, per package. */
const BUILT: Record<string, string[]> = {
  core: ["dist/index.mjs", "dist/index.portable.mjs"],
  node: ["dist/index.mjs"],
  web: ["dist/index.mjs"],
};

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs,
    );
  }
  return newest;
}

/**
 * Makes sure the runtimes load a build of the current sources. Under turbo
 * (TURBO_HASH is set), `test` has built the dependencies first (`^build`),
 * and a dist/ restored from its cache may be older than the sources: only a
 * missing one is built. Run by hand, a missing or stale dist/ is rebuilt with
 * tsdown. Returns the packages it built.
 */
export async function ensureBuilt(): Promise<string[]> {
  const built: string[] = [];
  const underTurbo = process.env.TURBO_HASH !== undefined;
  for (const [name, files] of Object.entries(BUILT)) {
    const dir = join(packagesDir, name);
    const sources = underTurbo ? 0 : newestMtime(join(dir, "src"));
    const fresh = files.every((file) => {
      const path = join(dir, file);
      return existsSync(path) && statSync(path).mtimeMs >= sources;
    });
    if (fresh) continue;
    const result = spawnSync("npx", ["--no-install", "tsdown"], {
      cwd: dir,
      encoding: "utf8",
    });
    if (result.status !== 0) {
      throw new Error(
        `packages/${name}: dist/ is missing or stale and \`npx tsdown\` failed; build it (pnpm turbo run build --filter @wxnotify/${name}).\n${result.stdout}\n${result.stderr}`,
      );
    }
    built.push(name);
  }
  return built;
}
