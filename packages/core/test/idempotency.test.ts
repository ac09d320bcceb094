import { describe, expect, it, vi } from "vitest";
import {
  ConfigurationError,
  createMemoryStore,
  createNotifier,
  defaultIdempotencyKey,
  type ErrorContext,
  type IdempotencyOptions,
  type IdempotencyStore,
  type WxNotifyError,
} from "@wxnotify/core";
import { testMerchant } from "@wxnotify/testing";

const merchant = testMerchant();

function setup(idempotency: Partial<IdempotencyOptions> = {}) {
  const errors: Array<{ error: WxNotifyError; context: ErrorContext }> = [];
  const notifier = createNotifier({
    ...merchant.config,
    idempotency: { store: createMemoryStore(), ...idempotency },
    onError: (error, context) => errors.push({ error, context }),
  });
  return { notifier, errors };
}

function deferred() {
  let resolve!: (value: boolean) => void;
  const promise = new Promise<boolean>((r) => (resolve = r));
  return { promise, resolve };
}

describe("duplicate suppression", () => {
  it.each(["v2", "v3"] as const)(
    "%s: a duplicate after the acknowledgment is acknowledged without the handler",
    async (version) => {
      const { notifier } = setup();
      const notification =
        version === "v2" ? merchant.v2.paid() : merchant.v3.paid();
      const handler = vi.fn(() => true);
      const first = await notifier.handlePaid(notification, handler);
      const second = await notifier.handlePaid(notification, handler);
      expect(second).toEqual(first);
      expect(handler).toHaveBeenCalledTimes(1);
    },
  );

  it("v2 and v3 deliveries of one payment share a key", async () => {
    const { notifier } = setup();
    const handler = vi.fn(() => true);
    const transactionId = "4200000925202101284997714292";
    await notifier.handlePaid(
      merchant.v2.paid({ transaction_id: transactionId }),
      handler,
    );
    const reply = await notifier.handlePaid(
      merchant.v3.paid({ transaction_id: transactionId }),
      handler,
    );
    expect(reply.status).toBe(204);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("a concurrent duplicate gets a retryable 409; the handler runs once", async () => {
    const { notifier, errors } = setup();
    const notification = merchant.v3.paid();
    const gate = deferred();
    const handler = vi.fn(() => gate.promise);
    const first = notifier.handlePaid(notification, handler);
    await vi.waitFor(() => expect(handler).toHaveBeenCalledTimes(1));
    const second = await notifier.handlePaid(notification, handler);
    expect(second.status).toBe(409);
    expect(JSON.parse(second.body)).toEqual({
      code: "FAIL",
      message: "duplicate_in_progress",
    });
    expect(errors[0]!.context.idempotencyKey).toMatch(/^paid:/);
    gate.resolve(true);
    expect((await first).status).toBe(204);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("with waitMs, a concurrent duplicate waits and is acknowledged", async () => {
    const { notifier } = setup({ waitMs: 2000, pollMs: 5 });
    const notification = merchant.v2.paid();
    const handler = vi.fn(
      () => new Promise<boolean>((r) => setTimeout(() => r(true), 50)),
    );
    const replies = await Promise.all([
      notifier.handlePaid(notification, handler),
      notifier.handlePaid(notification, handler),
    ]);
    expect(replies.map((reply) => reply.status)).toEqual([200, 200]);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it.each([
    [
      "fail()",
      (_: unknown, { fail }: { fail: (m: string) => unknown }) => fail("later"),
    ],
    [
      "a throw",
      () => {
        throw new Error("boom");
      },
    ],
    ["returning nothing", () => undefined],
  ])(
    "%s releases the lease so the retry runs the handler",
    async (_, first) => {
      const { notifier } = setup();
      const notification = merchant.v3.refund();
      const failing = await notifier.handleRefunded(
        notification,
        first as never,
      );
      expect(failing.status).toBe(500);
      const handler = vi.fn(() => true);
      expect(
        (await notifier.handleRefunded(notification, handler)).status,
      ).toBe(204);
      expect(handler).toHaveBeenCalledTimes(1);
    },
  );

  it("a dead holder's lease expires, and a stale holder cannot mark done (fencing)", async () => {
    let now = 1_000_000;
    const store = createMemoryStore({ now: () => now });
    const { notifier, errors } = setup({ store, leaseMs: 1000 });
    const notification = merchant.v3.paid();
    const stuck = deferred();
    const stuckHandler = vi.fn(() => stuck.promise);
    const stale = notifier.handlePaid(notification, stuckHandler);
    await vi.waitFor(() => expect(stuckHandler).toHaveBeenCalled());
    now += 999;
    expect((await notifier.handlePaid(notification, () => true)).status).toBe(
      409,
    );
    now += 2;
    const takeover = vi.fn(() => true);
    expect((await notifier.handlePaid(notification, takeover)).status).toBe(
      204,
    );
    expect(takeover).toHaveBeenCalledTimes(1);
    stuck.resolve(true);
    const staleReply = await stale;
    expect(staleReply.status).toBe(500);
    expect(errors.map(({ error }) => error.code)).toContain("lease_lost");
    // The takeover's done mark survived the stale holder.
    const later = vi.fn(() => true);
    expect((await notifier.handlePaid(notification, later)).status).toBe(204);
    expect(later).not.toHaveBeenCalled();
  });

  it("a done key expires after doneTtlMs", async () => {
    let now = 5_000_000;
    const store = createMemoryStore({ now: () => now });
    const { notifier } = setup({ store, doneTtlMs: 10_000 });
    const notification = merchant.v2.refund();
    const handler = vi.fn(() => true);
    await notifier.handleRefunded(notification, handler);
    now += 9_999;
    await notifier.handleRefunded(notification, handler);
    expect(handler).toHaveBeenCalledTimes(1);
    now += 2;
    await notifier.handleRefunded(notification, handler);
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it("a failing store is a retryable 503, never an acknowledgment", async () => {
    const broken: IdempotencyStore = {
      acquire: () => Promise.reject(new Error("ECONNREFUSED")),
      complete: () => Promise.reject(new Error("ECONNREFUSED")),
      release: () => Promise.reject(new Error("ECONNREFUSED")),
    };
    const { notifier, errors } = setup({ store: broken });
    const handler = vi.fn(() => true);
    const reply = await notifier.handlePaid(merchant.v2.paid(), handler);
    expect(reply.status).toBe(503);
    expect(reply.body).toContain("<return_code><![CDATA[FAIL]]>");
    expect(handler).not.toHaveBeenCalled();
    expect(errors[0]!.error.code).toBe("idempotency_store_unavailable");
  });

  it("a store that fails after the handler ran does not acknowledge", async () => {
    const inner = createMemoryStore();
    const flaky: IdempotencyStore = {
      acquire: inner.acquire,
      release: inner.release,
      complete: () => Promise.reject(new Error("connection reset")),
    };
    const { notifier } = setup({ store: flaky });
    expect(
      (await notifier.handlePaid(merchant.v3.paid(), () => true)).status,
    ).toBe(503);
  });

  it("never suppresses scan callbacks: each needs its own prepay_id", async () => {
    const { notifier } = setup();
    const notification = merchant.v2.scanned();
    const handler = vi.fn(() => "prepay");
    await notifier.handleScanned(notification, handler);
    await notifier.handleScanned(notification, handler);
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it("uses a custom key, and null turns suppression off", async () => {
    const keys: string[] = [];
    const { notifier } = setup({
      key: (message) => {
        const key = message.kind === "event" ? null : `custom:${message.kind}`;
        if (key) keys.push(key);
        return key;
      },
    });
    const handler = vi.fn(() => true);
    await notifier.handleEvent(merchant.v3.event("COUPON.USE"), handler);
    await notifier.handleEvent(merchant.v3.event("COUPON.USE"), handler);
    await notifier.handlePaid(merchant.v3.paid(), handler);
    await notifier.handlePaid(merchant.v3.paid(), handler);
    expect(handler).toHaveBeenCalledTimes(3);
    expect(keys).toEqual(["custom:paid", "custom:paid"]);
  });

  it("keys refunds by refund number and status, other events by envelope id, at every entry point", async () => {
    const { notifier } = setup();
    const seen: Array<string | null> = [];
    const record = (message: Parameters<typeof defaultIdempotencyKey>[0]) => {
      seen.push(defaultIdempotencyKey(message));
      return true as const;
    };
    const refund = merchant.v3.refund(
      { out_refund_no: "R-9" },
      { status: "ABNORMAL" },
    );
    const complaint = merchant.v3.event("COMPLAINT.CREATE");
    await notifier.handleRefunded(refund, record);
    await notifier.handleEvent(complaint, record);
    // The same refund at handleEvent has the same key: done, not run again.
    expect((await notifier.handleEvent(refund, record)).status).toBe(204);
    expect(seen).toEqual([
      `refund:${merchant.mchId}:R-9:ABNORMAL`,
      `event:${complaint.envelope.id}`,
    ]);
    expect(defaultIdempotencyKey(await notifier.verify(refund))).toBe(
      `refund:${merchant.mchId}:R-9:ABNORMAL`,
    );
  });

  it("refuses a store without the three methods at start-up", () => {
    expect(() =>
      createNotifier({
        ...merchant.config,
        idempotency: { store: {} as IdempotencyStore },
      }),
    ).toThrow(ConfigurationError);
    expect(() =>
      createNotifier({
        ...merchant.config,
        idempotency: { store: createMemoryStore(), leaseMs: 0 },
      }),
    ).toThrow(/leaseMs/);
  });
});

describe("createMemoryStore", () => {
  it("is bounded: past maxEntries the oldest keys go first", async () => {
    const store = createMemoryStore({ maxEntries: 3 });
    for (const key of ["a", "b", "c", "d"]) {
      expect(await store.acquire(key, "t", 60_000)).toEqual({
        state: "acquired",
      });
    }
    expect(await store.acquire("a", "t2", 60_000)).toEqual({
      state: "acquired",
    });
    expect(await store.acquire("d", "t2", 60_000)).toEqual({ state: "busy" });
  });

  it("only the token holder completes or releases", async () => {
    const store = createMemoryStore();
    await store.acquire("k", "mine", 60_000);
    expect(await store.complete("k", "other", 1000)).toBe(false);
    await store.release("k", "other");
    expect(await store.acquire("k", "x", 60_000)).toEqual({ state: "busy" });
    expect(await store.complete("k", "mine", 1000)).toBe(true);
    expect(await store.acquire("k", "x", 60_000)).toEqual({ state: "done" });
  });
});
