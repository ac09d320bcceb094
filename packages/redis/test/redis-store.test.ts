import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Redis } from "ioredis";
import { createClient } from "redis";
import {
  createNotifier,
  type IdempotencyStore,
  type WxNotifyError,
} from "@wxnotify/core";
import { testMerchant, type SignedNotification } from "@wxnotify/testing";
import { createRedisStore } from "@wxnotify/redis";
import { startRedis, type RedisServer } from "./fixtures/redis-server.js";
import { serve } from "./fixtures/notify-server.js";

const merchant = testMerchant();
let redis: RedisServer;
const clients: Array<{ quit(): Promise<unknown> }> = [];

function ioredis(url = redis.url): Redis {
  // Fail fast when Redis is down: a store error is answered with a 503 at once.
  const client = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  });
  client.on("error", () => undefined);
  clients.push(client);
  return client;
}

async function connected(client: Redis): Promise<Redis> {
  if (client.status !== "ready")
    await new Promise((resolve) => client.once("ready", resolve));
  return client;
}

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await Promise.all(
    clients.map((client) => client.quit().catch(() => undefined)),
  );
  await redis?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each([
  [
    "ioredis",
    async () =>
      createRedisStore({
        client: await connected(ioredis()),
        prefix: `t:io:${Math.random()}:`,
      }),
  ],
  [
    "node-redis",
    async () => {
      const client = createClient({ url: redis.url });
      client.on("error", () => undefined);
      await client.connect();
      clients.push({ quit: () => client.quit() });
      return createRedisStore({ client, prefix: `t:nr:${Math.random()}:` });
    },
  ],
])("the store contract with %s", (_, make) => {
  let store: IdempotencyStore;
  beforeAll(async () => {
    store = await make();
  });

  it("leases, fences and completes atomically", async () => {
    expect(await store.acquire("k", "a", 10_000)).toEqual({
      state: "acquired",
    });
    expect(await store.acquire("k", "b", 10_000)).toEqual({ state: "busy" });
    expect(await store.complete("k", "b", 10_000)).toBe(false);
    await store.release("k", "b");
    expect(await store.acquire("k", "b", 10_000)).toEqual({ state: "busy" });
    expect(await store.complete("k", "a", 10_000)).toBe(true);
    expect(await store.acquire("k", "c", 10_000)).toEqual({ state: "done" });
  });

  it("lets a lease expire and drops a released one", async () => {
    expect(await store.acquire("e", "a", 50)).toEqual({ state: "acquired" });
    await sleep(80);
    expect(await store.acquire("e", "b", 10_000)).toEqual({
      state: "acquired",
    });
    expect(await store.complete("e", "a", 10_000)).toBe(false);
    await store.release("e", "b");
    expect(await store.acquire("e", "c", 10_000)).toEqual({
      state: "acquired",
    });
  });
});

it("refuses something that is not a Redis client", () => {
  expect(() => createRedisStore({ client: {} as never })).toThrow(
    /ioredis or node-redis/,
  );
});

describe("four server instances on one Redis", () => {
  it("500 concurrent deliveries of 50 notifications: each handler body runs once, every reply is right", async () => {
    const prefix = `cluster:${Date.now()}:`;
    const runs = new Map<string, number>();
    const instances = await Promise.all(
      [0, 1, 2, 3].map(async () => {
        const notifier = createNotifier({
          ...merchant.config,
          idempotency: {
            store: createRedisStore({
              client: await connected(ioredis()),
              prefix,
            }),
          },
        });
        return serve(
          notifier.event(async (message) => {
            const key =
              message.kind === "event"
                ? message.envelope.id
                : message.summary.outTradeNo;
            runs.set(key, (runs.get(key) ?? 0) + 1);
            await sleep(Math.random() * 20);
            return true;
          }),
        );
      }),
    );
    const notifications: Array<{
      key: string;
      notification: SignedNotification;
    }> = [];
    for (let i = 0; i < 50; i++) {
      if (i % 2 === 0) {
        const notification = merchant.v3.paid({ out_trade_no: `ORDER-${i}` });
        notifications.push({ key: notification.envelope.id, notification });
      } else {
        notifications.push({
          key: `ORDER-${i}`,
          notification: merchant.v2.paid({ out_trade_no: `ORDER-${i}` }),
        });
      }
    }
    const statuses = new Map<number, number>();
    // WeChat Pay's side: deliver, and redeliver anything not acknowledged.
    async function deliver(notification: SignedNotification): Promise<void> {
      for (let attempt = 0; attempt < 100; attempt++) {
        const instance =
          instances[Math.floor(Math.random() * instances.length)]!;
        const response = await fetch(instance.url, {
          method: "POST",
          headers: notification.headers,
          body: notification.body as Uint8Array<ArrayBuffer>,
        });
        const body = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const acknowledged =
          notification.version === "v2"
            ? response.status === 200 &&
              body.includes("<return_code><![CDATA[SUCCESS]]>")
            : response.status === 204;
        if (acknowledged) return;
        // The only acceptable refusal is a concurrent duplicate.
        expect(response.status).toBe(409);
        await sleep(10 + Math.random() * 20);
      }
      throw new Error("never acknowledged");
    }
    const deliveries = Array.from(
      { length: 500 },
      (_, i) => notifications[i < 50 ? i : Math.floor(Math.random() * 50)]!,
    );
    await Promise.all(
      deliveries.map(({ notification }) => deliver(notification)),
    );
    await Promise.all(instances.map((instance) => instance.close()));
    expect(runs.size).toBe(50);
    for (const { key } of notifications) expect(runs.get(key)).toBe(1);
    expect([...statuses.keys()].sort()).toEqual(
      expect.arrayContaining([200, 204]),
    );
    expect(
      [...statuses.keys()].every((status) => [200, 204, 409].includes(status)),
    ).toBe(true);
  }, 60_000);
});

describe("a process killed mid-way", () => {
  it("is re-run once, by another instance, after its lease expires", async () => {
    const notification = merchant.v3.paid();
    const leaseMs = 1500;
    const holder = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        fileURLToPath(new URL("./fixtures/holder.ts", import.meta.url)),
        redis.url,
        String(leaseMs),
        JSON.stringify(notification.headers),
        Buffer.from(notification.body).toString("base64"),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    holder.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("handler started")) resolve();
      });
      holder.once("exit", (code) =>
        reject(new Error(`holder exited (${code}): ${stderr}`)),
      );
    });
    const killedAt = Date.now();
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.once("exit", resolve));

    const errors: WxNotifyError[] = [];
    const notifier = createNotifier({
      ...merchant.config,
      idempotency: {
        store: createRedisStore({ client: await connected(ioredis()) }),
        leaseMs,
      },
      onError: (error) => errors.push(error),
    });
    const handler = vi.fn(() => true);
    // The dead process still holds the lease: retry later.
    expect((await notifier.handlePaid(notification, handler)).status).toBe(409);
    await sleep(Math.max(0, leaseMs - (Date.now() - killedAt)) + 200);
    expect((await notifier.handlePaid(notification, handler)).status).toBe(204);
    expect((await notifier.handlePaid(notification, handler)).status).toBe(204);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(errors.map((error) => error.code)).toEqual([
      "duplicate_in_progress",
    ]);
  }, 30_000);
});

describe("Redis down", () => {
  it("answers a retryable 503, never acknowledges, never crashes", async () => {
    const own = await startRedis();
    const client = await connected(ioredis(own.url));
    const errors: WxNotifyError[] = [];
    const notifier = createNotifier({
      ...merchant.config,
      idempotency: { store: createRedisStore({ client }) },
      onError: (error) => errors.push(error),
    });
    const handler = vi.fn(() => true);
    expect(
      (await notifier.handlePaid(merchant.v3.paid(), handler)).status,
    ).toBe(204);
    await own.stop();
    await sleep(50);
    const v3 = await notifier.handlePaid(merchant.v3.paid(), handler);
    const v2 = await notifier.handlePaid(merchant.v2.paid(), handler);
    expect(v3.status).toBe(503);
    expect(v2.status).toBe(503);
    expect(v2.body).toContain("<return_code><![CDATA[FAIL]]>");
    expect(handler).toHaveBeenCalledTimes(1);
    expect(errors.map((error) => error.code)).toEqual([
      "idempotency_store_unavailable",
      "idempotency_store_unavailable",
    ]);
  });
});
