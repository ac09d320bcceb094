// The `wxnotify` CLI end to end: bundled from src/ once (core from its src/
// too, so no build is needed), then spawned as a real process per case
// against a real node:http server on 127.0.0.1:0 that replies in each of the
// ways WeChat Pay has to judge. Spawning tsx per case would cost ~1 s each.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createNotifier } from "@wxnotify/core";
import { build } from "tsdown";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signV2, testMerchant, toV2Xml } from "../src/index.js";
import { v2Fields } from "./_verify.js";

// Every test spawns the CLI, a process with node-forge to load: on a loaded
// two-core CI machine that takes seconds, not milliseconds.
vi.setConfig({ testTimeout: 120_000 });

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const m = testMerchant();
const notifier = createNotifier(m.config);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let cliPath = "";

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliPath, ...args],
      {
        cwd: packageDir,
        env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", ...env },
        // Generous: under a full CI run two cores serve many suites at once.
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code =
          error && typeof error.code === "number" ? error.code : error ? -1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const XML_SUCCESS =
  "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>";
const XML_FAIL =
  "<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[签名失败]]></return_msg></xml>";

function scanReply(
  request: Record<string, string>,
  extra: Record<string, string>,
): string {
  const fields: Record<string, string> = {
    return_code: "SUCCESS",
    appid: request.appid ?? "",
    mch_id: request.mch_id ?? "",
    nonce_str: "r4nd0m",
    ...extra,
  };
  return toV2Xml({ ...fields, sign: signV2(fields, m.apiV2Key) });
}

let server: Server;
let base = "";
let dir = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wxnotify-cli-"));
  await build({
    config: false,
    entry: { cli: join(packageDir, "src/cli.ts") },
    outDir: join(dir, "bin"),
    format: "esm",
    platform: "node",
    target: "node20",
    dts: false,
    sourcemap: false,
    logLevel: "silent",
    noExternal: [/.*/],
    alias: {
      "@wxnotify/core": fileURLToPath(
        new URL("../../core/src/index.ts", import.meta.url),
      ),
    },
  });
  cliPath = join(dir, "bin", "cli.mjs");
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      const send = (status: number, type: string, text: string) => {
        res.writeHead(status, { "content-type": type });
        res.end(text);
      };
      switch (req.url) {
        case "/v2-success":
          return send(200, "text/xml", XML_SUCCESS);
        case "/v2-fail":
          return send(200, "text/xml", XML_FAIL);
        case "/text-200":
          return send(200, "text/plain", "success");
        case "/scan-ok":
          return send(
            200,
            "text/xml",
            scanReply(v2Fields(body.toString()), {
              prepay_id: "wx201410272009395522657a690389285100",
              result_code: "SUCCESS",
            }),
          );
        case "/scan-alert":
          return send(
            200,
            "text/xml",
            scanReply(v2Fields(body.toString()), {
              result_code: "FAIL",
              err_code_des: "已售罄",
            }),
          );
        case "/scan-unsigned":
          return send(
            200,
            "text/xml",
            toV2Xml({
              return_code: "SUCCESS",
              result_code: "SUCCESS",
              prepay_id: "wx1",
            }),
          );
        case "/v3-204":
          res.writeHead(204);
          return res.end();
        case "/v3-500":
          return send(
            500,
            "application/json",
            '{"code":"FAIL","message":"失败"}',
          );
        case "/slow":
          return; // never answers
        case "/core": {
          // A real handler on @wxnotify/core, replying what the core says.
          const reply = await notifier.handlePaid(
            { method: req.method ?? "POST", headers: req.headers, body },
            async () => true,
          );
          res.writeHead(reply.status, reply.headers);
          return res.end(reply.body);
        }
        default:
          return send(404, "text/plain", "not found");
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe("wxnotify send", () => {
  const cases: [string, string[], string, number][] = [
    [
      "v2 SUCCESS XML",
      ["paid", "--v2", "--url", "/v2-success"],
      "Verdict: acknowledged",
      0,
    ],
    [
      "v2 FAIL XML",
      ["paid", "--v2", "--url", "/v2-fail"],
      "Verdict: WeChat would retry — return_code=FAIL, return_msg=签名失败",
      1,
    ],
    [
      "v2 refund, SUCCESS XML",
      ["refund", "--v2", "--url", "/v2-success"],
      "Verdict: acknowledged",
      0,
    ],
    [
      "v2 non-XML 200",
      ["paid", "--v2", "--url", "/text-200"],
      "Verdict: malformed reply",
      1,
    ],
    [
      "scan reply signed with a prepay_id",
      ["scanned", "--url", "/scan-ok"],
      "Verdict: acknowledged — prepay_id=wx201410272009395522657a690389285100",
      0,
    ],
    [
      "scan refused",
      ["scanned", "--url", "/scan-alert"],
      'Verdict: business error — result_code=FAIL: the payer sees "已售罄"',
      1,
    ],
    [
      "scan reply unsigned",
      ["scanned", "--url", "/scan-unsigned"],
      "Verdict: malformed reply",
      1,
    ],
    [
      "v3 204",
      ["paid", "--url", "/v3-204"],
      "Verdict: acknowledged — HTTP 204",
      0,
    ],
    [
      "v3 500 JSON",
      ["paid", "--url", "/v3-500"],
      "Verdict: WeChat would retry — HTTP 500",
      1,
    ],
    [
      "v3 200 non-JSON still counts",
      ["REFUND.CLOSED", "--url", "/text-200"],
      "Verdict: acknowledged — HTTP 200",
      0,
    ],
    [
      "v3 404",
      ["trigger", "COMPLAINT.CREATE"],
      "Verdict: WeChat would retry — HTTP 404",
      1,
    ],
    [
      "a real core handler",
      ["paid", "--url", "/core", "-f", "amount.total=1"],
      "Verdict: acknowledged",
      0,
    ],
    [
      "a real core handler refuses a probe",
      ["paid", "--url", "/core", "--tamper", "probe"],
      "Verdict: WeChat would retry — HTTP 401",
      1,
    ],
    [
      "a real core handler, v2 HMAC",
      ["paid", "--v2", "--sign-type", "HMAC-SHA256", "--url", "/core"],
      "Verdict: acknowledged",
      0,
    ],
    [
      "a timeout",
      ["paid", "--url", "/slow", "--timeout", "300"],
      "Verdict: WeChat would retry — no reply: no reply within 300 ms (timeout)",
      1,
    ],
  ];
  for (const [name, args, verdict, code] of cases) {
    it.concurrent(name, async () => {
      const full = args.includes("--url")
        ? args.map((a) => (a.startsWith("/") ? base + a : a))
        : [...args, "--url", `${base}/missing`];
      const run = await cli(args[0] === "trigger" ? full : ["send", ...full]);
      expect(run.stdout).toContain(verdict);
      expect(run.code).toBe(code);
    });
  }

  it.concurrent("prints the request and the reply", async () => {
    const run = await cli([
      "send",
      "paid",
      "--url",
      `${base}/v3-500`,
      "-f",
      "out_trade_no=0001",
    ]);
    expect(run.stdout).toContain(
      `→ POST ${base}/v3-500  v3 TRANSACTION.SUCCESS`,
    );
    expect(run.stdout).toContain(
      "Wechatpay-Signature-Type: WECHATPAY2-SHA256-RSA2048",
    );
    expect(run.stdout).toContain('"event_type":"TRANSACTION.SUCCESS"');
    expect(run.stdout).toContain("← HTTP 500 Internal Server Error");
    expect(run.stdout).toContain('{"code":"FAIL","message":"失败"}');
    expect(run.stdout).not.toContain("\u001b[");
  });

  it.concurrent(
    "colors only when asked (FORCE_COLOR), never with NO_COLOR",
    async () => {
      const colored = await cli(
        ["send", "paid", "-q", "--url", `${base}/v3-204`],
        {
          NO_COLOR: "",
          FORCE_COLOR: "1",
        },
      );
      expect(colored.stdout).toContain("\u001b[32m");
    },
  );

  it.concurrent("usage errors exit 2 with help", async () => {
    const run = await cli(["send", "nonsense", "--url", base]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown kind "nonsense"');
    expect(run.stderr).toContain("Usage: wxnotify send");
    const bad = await cli(["send", "paid", "--bogus"]);
    expect(bad.code).toBe(2);
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("wxnotify send <kind> --url URL");
  });
});

describe("wxnotify keys and verify", () => {
  it("keys --out writes a merchant that send --keys and verify --keys use", async () => {
    const keysDir = join(dir, "keys");
    const made = await cli(["keys", "--out", keysDir]);
    expect(made.code).toBe(0);
    const json = JSON.parse(
      readFileSync(join(keysDir, "merchant.json"), "utf8"),
    );
    expect(json.publicKeyId).toMatch(/^PUB_KEY_ID_\d{34}$/);
    expect((await cli(["keys", "--out", keysDir])).code).toBe(2);

    const capture = join(dir, "mine.json");
    const sent = await cli([
      "send",
      "refund",
      "--keys",
      keysDir,
      "--save",
      capture,
      "-q",
    ]);
    expect(sent.code).toBe(0);
    const ok = await cli([
      "verify",
      capture,
      "--keys",
      keysDir,
      "--expect",
      "refunded",
    ]);
    expect(ok.stdout).toContain("✓ verified: v3 refunded REFUND.SUCCESS");
    expect(ok.code).toBe(0);
    const other = await cli(["verify", capture]);
    expect(other.stdout).toContain("✗ failed check: serial (unknown_serial");
    expect(other.code).toBe(1);
  }, 120_000);

  it.concurrent("verify names the failing check", async () => {
    const tampers: [string, string][] = [
      ["reserialize", "failed check: signature (signature_invalid"],
      ["stale", "failed check: timestamp (timestamp_out_of_range"],
      ["probe", "failed check: signature probe (signature_probe"],
      ["wrong-aad", "failed check: decryption (decryption_failed"],
    ];
    await Promise.all(
      tampers.map(async ([t, expected]) => {
        const file = join(dir, `${t}.json`);
        await cli(["send", "paid", "--tamper", t, "--save", file, "-q"]);
        const run = await cli(["verify", file]);
        expect(run.stdout).toContain(expected);
        expect(run.stdout).toContain("hint:");
        expect(run.code).toBe(1);
      }),
    );
  });

  it.concurrent("verify reads raw HTTP text and --now capture", async () => {
    const n = testMerchant().v3.paid(
      {},
      { now: Date.parse("2021-01-28T17:07:11+08:00") },
    );
    const raw =
      `POST /notify HTTP/1.1\r\nHost: example.com\r\n` +
      Object.entries(n.headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("") +
      `Content-Length: ${n.body.length}\r\n\r\n${n.bodyText}\n`;
    const file = join(dir, "raw.http");
    writeFileSync(file, raw);
    const stale = await cli(["verify", file]);
    expect(stale.stdout).toContain("Capture: POST /notify · v3");
    expect(stale.stdout).toContain("failed check: timestamp");
    const ok = await cli([
      "verify",
      file,
      "--now",
      "capture",
      "--expect",
      "paid",
    ]);
    expect(ok.stdout).toContain("✓ verified: v3 paid TRANSACTION.SUCCESS");
    expect(ok.code).toBe(0);
  });

  it.concurrent(
    "verify a v2 capture against the wrong entry point",
    async () => {
      const file = join(dir, "scan.json");
      await cli(["send", "scanned", "--save", file, "-q"]);
      const run = await cli(["verify", file, "--expect", "paid"]);
      expect(run.stdout).toContain(
        "failed check: kind (unexpected_notification",
      );
      expect(run.code).toBe(1);
    },
  );
});
