// The README's demo (`pnpm demo` at the root): starts this Koa example on a
// free port, creates orders, and drives the `wxnotify` CLI of
// @wxnotify/testing against it — v2 and v3 payments and refunds, a scan, a
// tampered notification — printing each verdict. Exits 0 only when every
// verdict and every final order status is the expected one.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) =>
  useColor ? `\x1b[${code}m${text}\x1b[0m` : text;

// The CLI by path: pnpm links no bin of a workspace package that was not
// built at install time. The root demo script builds it first.
const require = createRequire(import.meta.url);
const testingDir = dirname(require.resolve("@wxnotify/testing/package.json"));
const { bin } = JSON.parse(
  readFileSync(join(testingDir, "package.json"), "utf8"),
) as { bin: { wxnotify: string } };
const cli = join(testingDir, bin.wxnotify);

// Without WECHATPAY_* or REDIS_URL the example uses the built-in test
// merchant, whose keys the CLI signs with, and an in-memory store.
const env: NodeJS.ProcessEnv = { PORT: "0", HOST: "127.0.0.1" };
for (const [name, value] of Object.entries(process.env)) {
  if (!name.startsWith("WECHATPAY_") && name !== "REDIS_URL")
    env[name] ??= value;
}

console.log(
  paint(
    1,
    "wxnotify demo: the Koa example receives notifications sent by the wxnotify CLI",
  ),
);
console.log(
  "(signed by the built-in test merchant of @wxnotify/testing: test keys only)\n",
);

const server = spawn(
  process.execPath,
  ["--import", "tsx", join(root, "src/server.ts")],
  { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] },
);
const baseUrl = await new Promise<string>((resolve, reject) => {
  let pending = "";
  server.once("exit", (code) =>
    reject(new Error(`The Koa example exited with ${code} before listening.`)),
  );
  server.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) {
      const parsed = JSON.parse(line) as { url?: string; msg?: string };
      if (parsed.msg?.endsWith("listening")) {
        console.log(paint(90, `server: ${parsed.msg} at ${parsed.url}\n`));
        resolve(parsed.url!);
      } else {
        const { time: _time, ...rest } = parsed as Record<string, unknown>;
        console.log(paint(90, `    server log ${JSON.stringify(rest)}`));
      }
    }
  });
});

let wrong = 0;
const pause = () => new Promise((resolve) => setTimeout(resolve, 150));

async function createOrder(outTradeNo: string, amount: number): Promise<void> {
  const response = await fetch(`${baseUrl}/orders`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ out_trade_no: outTradeNo, amount }),
  });
  console.log(
    `POST /orders {"out_trade_no":"${outTradeNo}","amount":${amount}} → ${response.status}`,
  );
}

function send(
  title: string,
  path: string,
  args: string[],
  expectAcknowledged: boolean,
): void {
  const argv = [
    "send",
    ...args,
    "--url",
    `${baseUrl}/wechatpay/notify/${path}`,
  ];
  console.log(`\n${paint(1, title)}`);
  console.log(paint(36, `$ wxnotify ${argv.join(" ")}`));
  // -q: the CLI prints only its verdict, judged the way WeChat Pay judges.
  const run = spawnSync(process.execPath, [cli, ...argv, "-q"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: process.env,
  });
  const acknowledged = run.status === 0;
  if (!acknowledged && !expectAcknowledged) {
    console.log(paint(32, "✓ refused, as it must be: nothing was recorded"));
  }
  if (acknowledged !== expectAcknowledged) {
    wrong++;
    console.log(
      paint(
        31,
        `  unexpected: this should ${expectAcknowledged ? "" : "not "}be acknowledged`,
      ),
    );
  }
}

async function checkOrder(outTradeNo: string, expected: string): Promise<void> {
  const response = await fetch(`${baseUrl}/orders/${outTradeNo}`);
  const order = (await response.json()) as { status?: string };
  const ok = order.status === expected;
  if (!ok) wrong++;
  console.log(
    `${ok ? paint(32, "✓") : paint(31, "✗")} GET /orders/${outTradeNo} → ${JSON.stringify(order)}`,
  );
}

try {
  await createOrder("DEMO-V2-1", 990);
  await createOrder("DEMO-V3-1", 2500);
  await createOrder("DEMO-V3-2", 100);
  send(
    "v2 payment (XML, MD5 sign)",
    "paid",
    ["paid", "--v2", "-f", "out_trade_no=DEMO-V2-1", "-f", "total_fee=990"],
    true,
  );
  await pause();
  send(
    "v3 payment (JSON, RSA signature, AES-GCM resource)",
    "paid",
    ["paid", "-f", "out_trade_no=DEMO-V3-1", "-f", "amount.total=2500"],
    true,
  );
  await pause();
  send(
    "v2 refund (req_info decrypted with the APIv2 key)",
    "refund",
    [
      "refund",
      "--v2",
      "-f",
      "out_trade_no=DEMO-V2-1",
      "-f",
      "total_fee=990",
      "-f",
      "refund_fee=990",
    ],
    true,
  );
  await pause();
  send(
    "v3 refund",
    "refund",
    [
      "refund",
      "-f",
      "out_trade_no=DEMO-V3-1",
      "-f",
      "amount.total=2500",
      "-f",
      "amount.refund=2500",
    ],
    true,
  );
  await pause();
  send(
    "v2 Native scan callback (the reply carries a signed prepay_id)",
    "scanned",
    ["scanned", "-f", "product_id=P1001"],
    true,
  );
  await pause();
  send(
    "v3 payment with one byte tampered (must be refused)",
    "paid",
    [
      "paid",
      "-f",
      "out_trade_no=DEMO-V3-2",
      "-f",
      "amount.total=100",
      "--tamper",
      "flip-byte",
    ],
    false,
  );
  await pause();
  console.log("");
  await checkOrder("DEMO-V2-1", "refunded");
  await checkOrder("DEMO-V3-1", "refunded");
  await checkOrder("DEMO-V3-2", "created"); // the tampered payment changed nothing
  await checkOrder("SCAN-P1001-1", "created");
} finally {
  server.kill("SIGTERM");
}

if (wrong > 0) {
  console.error(paint(31, `\n${wrong} results were not the expected ones.`));
  process.exit(1);
}
console.log(
  paint(
    32,
    "\nEvery genuine notification was acknowledged and recorded; the tampered one was refused.",
  ),
);
