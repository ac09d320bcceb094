import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "tsdown";
import { tamper, testMerchant } from "@wxnotify/testing";

// The built portable entry, bundled with its dependencies for a browser-like
// platform, then run in a fresh V8 context that has web globals only: no
// require, no process, no Buffer, no node:* module.
const packageDir = fileURLToPath(new URL("..", import.meta.url));
// Inside the package, so that its dependencies resolve from the build.
const outDir = mkdtempSync(
  join(packageDir, "node_modules", ".cache-portable-"),
);
const entry = join(outDir, "package", "index.portable.mjs");
const merchant = testMerchant();

type Reply = { status: number; body: string };
let core: {
  createNotifier(config: unknown): {
    handlePaid(request: unknown, handler: () => unknown): Promise<Reply>;
    handleRefunded(request: unknown, handler: () => unknown): Promise<Reply>;
    handleScanned(request: unknown, handler: () => unknown): Promise<Reply>;
    handleEvent(request: unknown, handler: () => unknown): Promise<Reply>;
    ready(): Promise<void>;
  };
};

beforeAll(async () => {
  // The package exactly as `pnpm build` makes it, into a temporary folder so
  // that a stale dist/ can never be what is tested.
  const { default: config } = await import("../tsdown.config.ts");
  await build({
    ...config,
    cwd: packageDir,
    outDir: join(outDir, "package"),
    dts: false,
    logLevel: "error",
  });
  await build({
    config: false,
    entry: [entry],
    outDir: join(outDir, "bundle"),
    format: "iife",
    globalName: "wxnotifyCore",
    // "neutral", not "browser": node-forge's browser field maps node
    // built-ins to false, which the bundler mis-resolves; forge only reaches
    // for them when it detects Node, which the context below is not.
    platform: "neutral",
    inputOptions: { resolve: { mainFields: ["main"] } },
    noExternal: [/.*/],
    dts: false,
    logLevel: "error",
  });
  const bundle = readFileSync(
    join(outDir, "bundle", "index.portable.iife.js"),
    "utf8",
  );
  expect(bundle).not.toMatch(/\brequire\(["']node:/);
  const context: Record<string, unknown> = {
    crypto: globalThis.crypto,
    TextEncoder,
    TextDecoder,
    atob,
    btoa,
    setTimeout,
    clearTimeout,
    console,
  };
  // Workers, Deno and browsers name their global `self`.
  context.self = context;
  runInNewContext(`${bundle}\nthis.core = wxnotifyCore;`, context);
  core = context.core as typeof core;
  expect(
    runInNewContext("typeof process + typeof Buffer + typeof require", context),
  ).toBe("undefinedundefinedundefined");
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("the portable build without node built-ins", () => {
  it("verifies and answers every notification kind", async () => {
    const notifier = core.createNotifier(merchant.config);
    await notifier.ready();
    const ok = () => true;
    const cases: Array<[string, Promise<Reply>, number]> = [
      [
        "v3 paid (public key)",
        notifier.handlePaid(merchant.v3.paid({}, { via: "publicKey" }), ok),
        204,
      ],
      [
        "v3 paid (certificate)",
        notifier.handlePaid(merchant.v3.paid({}, { via: "certificate" }), ok),
        204,
      ],
      [
        "v3 combined",
        notifier.handlePaid(merchant.v3.paid({}, { variant: "combined" }), ok),
        204,
      ],
      ["v3 refund", notifier.handleRefunded(merchant.v3.refund(), ok), 204],
      [
        "v3 event",
        notifier.handleEvent(merchant.v3.event("COMPLAINT.CREATE"), ok),
        204,
      ],
      ["v2 paid MD5", notifier.handlePaid(merchant.v2.paid(), ok), 200],
      [
        "v2 paid HMAC",
        notifier.handlePaid(
          merchant.v2.paid({}, { signType: "HMAC-SHA256" }),
          ok,
        ),
        200,
      ],
      ["v2 refund", notifier.handleRefunded(merchant.v2.refund(), ok), 200],
      [
        "v2 scan",
        notifier.handleScanned(merchant.v2.scanned(), () => "prepay-9"),
        200,
      ],
      [
        "v3 tampered",
        notifier.handlePaid(tamper.flipByte(merchant.v3.paid()), ok),
        401,
      ],
      [
        "v3 probe",
        notifier.handlePaid(tamper.signatureProbe(merchant.v3.paid()), ok),
        401,
      ],
      [
        "v2 wrong key",
        notifier.handlePaid(tamper.wrongApiV2Key(merchant.v2.paid()), ok),
        401,
      ],
      [
        "v2 refund wrong key",
        notifier.handleRefunded(tamper.wrongApiV2Key(merchant.v2.refund()), ok),
        401,
      ],
    ];
    for (const [name, reply, status] of cases) {
      const { status: actual, body } = await reply;
      expect({ name, status: actual }).toEqual({ name, status });
      if (status === 200)
        expect(body).toContain("<return_code><![CDATA[SUCCESS]]>");
    }
  });
});
