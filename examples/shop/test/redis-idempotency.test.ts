import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { testMerchant } from "@wxnotify/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShop, type LogLine, type Shop } from "../src/index.js";

// A throw-away redis-server (the Debian package .ci/run installs) on a free port.
async function startRedis(): Promise<{ url: string; child: ChildProcess }> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", ""],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk;
      if (out.includes("Ready to accept connections")) resolve();
    });
  });
  return { url: `redis://127.0.0.1:${port}`, child };
}

describe("createShop with REDIS_URL", () => {
  const merchant = testMerchant();
  let redis: { url: string; child: ChildProcess };
  const shops: Shop[] = [];
  const lines: LogLine[][] = [[], []];

  beforeAll(async () => {
    redis = await startRedis();
    for (const log of lines) {
      shops.push(
        createShop({ env: { REDIS_URL: redis.url }, log: (l) => log.push(l) }),
      );
    }
    await Promise.all(shops.map((shop) => shop.ready()));
  });
  afterAll(async () => {
    await Promise.all(shops.map((shop) => shop.close()));
    redis?.child.kill("SIGKILL");
  });

  it("suppresses a redelivery arriving at another instance", async () => {
    const [a, b] = shops as [Shop, Shop];
    for (const shop of [a, b]) {
      shop.createOrder({ out_trade_no: "ORDER-R1", amount: 100 });
    }
    const paid = merchant.v3.paid({
      out_trade_no: "ORDER-R1",
      amount: { total: 100 },
    });
    const first = await a.notifier.handlePaid(paid, a.handlers.paid);
    const again = await b.notifier.handlePaid(paid, b.handlers.paid);
    expect([first.status, again.status]).toEqual([204, 204]);
    // Instance b acknowledged without running its handler: Redis knew.
    expect(a.orders.get("ORDER-R1")?.status).toBe("paid");
    expect(b.orders.get("ORDER-R1")?.status).toBe("created");
    expect(lines[1]!.filter((line) => line.notification)).toEqual([]);
  });

  it("says which store it uses when it starts", () => {
    shops[0]!.logStarted("test", "http://127.0.0.1:1");
    expect(lines[0]!.at(-1)).toMatchObject({
      idempotency: "redis (REDIS_URL)",
    });
  });
});
