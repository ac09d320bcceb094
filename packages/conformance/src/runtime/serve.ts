// The web adapter served by Bun (`Bun.serve`) or Deno (`Deno.serve`), for the
// conformance suite (../../test/runtimes.test.ts starts it). It loads
// @wxnotify/core and @wxnotify/web as a user's app would: the BUILT packages,
// through their package.json exports, so each runtime picks its entry by its
// own export conditions. It only verifies; the signing side stays on Node.
//
// Protocol: the first line on stdin is the merchant's configuration (JSON);
// one line of JSON on stdout (RuntimeInfo) says where it listens and what it
// loaded; when stdin ends (the test closed it, or died), the server stops.
import * as core from "@wxnotify/core";
import type { NotifierConfig } from "@wxnotify/core";
import { controlledFetch } from "./control.js";

type Fetch = (request: Request) => Promise<Response>;

/** The little of Bun this file uses. */
interface BunGlobal {
  version: string;
  stdin: { stream(): ReadableStream<Uint8Array> };
  serve(options: { port: number; hostname: string; fetch: Fetch }): {
    port: number;
    stop(closeActiveConnections?: boolean): Promise<void> | void;
  };
}

/** The little of Deno this file uses. */
interface DenoGlobal {
  version: { deno: string };
  stdin: { readable: ReadableStream<Uint8Array> };
  serve(
    options: {
      port: number;
      hostname: string;
      onListen(address: { port: number }): void;
    },
    handler: Fetch,
  ): { shutdown(): Promise<void> };
}

/** What the server reports on stdout once it listens. */
export interface RuntimeInfo {
  runtime: "bun" | "deno";
  version: string;
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  /** Where `@wxnotify/core` and `@wxnotify/web` resolved (file URLs). */
  resolved: { core: string; web: string };
  /** The crypto providers the loaded core entry exports. */
  providers: string[];
  /** The `name` of the provider its createNotifier uses by default. */
  provider: string;
}

const HOSTNAME = "127.0.0.1";
const { Bun, Deno } = globalThis as { Bun?: BunGlobal; Deno?: DenoGlobal };

/** Reads the first line, and returns it with a promise of the stream's end. */
async function firstLine(
  stream: ReadableStream<Uint8Array>,
): Promise<{ line: string; ended: Promise<void> }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!text.includes("\n")) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  const ended = (async () => {
    while (!(await reader.read()).done);
  })();
  return { line: text.split("\n")[0]!, ended };
}

// Each entry of the core exports the provider it defaults to: the node entry
// `nodeCryptoProvider`, the portable one `portableCryptoProvider`.
const exported = core as unknown as Record<string, unknown>;
const providers = Object.keys(exported).filter((name) =>
  name.endsWith("CryptoProvider"),
);
const provider = providers
  .map((name) => (exported[name] as { name?: string }).name)
  .join(",");

const stdin = Bun ? Bun.stdin.stream() : Deno?.stdin.readable;
if (!stdin) throw new Error("serve.ts runs under Bun or Deno");
const { line, ended } = await firstLine(stdin);
const fetch = await controlledFetch(JSON.parse(line) as NotifierConfig);

function report(
  runtime: RuntimeInfo["runtime"],
  version: string,
  port: number,
) {
  const info: RuntimeInfo = {
    runtime,
    version,
    url: `http://${HOSTNAME}:${port}`,
    resolved: {
      core: import.meta.resolve("@wxnotify/core"),
      web: import.meta.resolve("@wxnotify/web"),
    },
    providers,
    provider,
  };
  console.log(JSON.stringify(info));
}

if (Bun) {
  const server = Bun.serve({ port: 0, hostname: HOSTNAME, fetch });
  report("bun", Bun.version, server.port);
  await ended;
  await server.stop(true);
} else if (Deno) {
  const server = Deno.serve(
    {
      port: 0,
      hostname: HOSTNAME,
      // Also keeps Deno from printing its own "Listening on" line.
      onListen: ({ port }) => report("deno", Deno.version.deno, port),
    },
    fetch,
  );
  await ended;
  await server.shutdown();
}
