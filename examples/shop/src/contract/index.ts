import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  judgeReply,
  tamper,
  testMerchant,
  type Notification,
  type Verdict,
} from "@wxnotify/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fakePrepayId, type LogLine } from "../handlers.js";
import type { Order } from "../order-store.js";

/** A started example, however it runs. */
export interface RunningShop {
  /** Sends a request to the example: over HTTP, or to a fetch handler directly. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Every log line written so far. */
  logs(): LogLine[];
  close(): Promise<void>;
}

/** A `request` that goes over HTTP to `baseUrl`. */
export function httpRequest(
  baseUrl: string,
): (path: string, init?: RequestInit) => Promise<Response> {
  return (path, init) => fetch(`${baseUrl}${path}`, init);
}

/** Starts a node request listener on 127.0.0.1 and a free port. */
export async function listenOnFreePort(
  listener: RequestListener | Server,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server =
    typeof listener === "function" ? createServer(listener) : listener;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * The end-to-end contract every example passes, written once (as h3 and
 * whatwg-node test every server): orders, v2 and v3 payments, a duplicate, a
 * wrong amount, a failed payment, a refund, scans, an event, tampering, an
 * unknown order. Every notification is signed by the built-in test merchant,
 * so `start` must run the example without WECHATPAY_* variables.
 */
export function describeShopContract(
  name: string,
  start: () => Promise<RunningShop>,
): void {
  describe(`${name} example`, () => {
    const merchant = testMerchant();
    let shop: RunningShop;

    beforeAll(async () => {
      shop = await start();
    });
    afterAll(async () => {
      await shop?.close();
    });

    async function send(
      path: string,
      n: Notification,
    ): Promise<{ status: number; body: string; verdict: Verdict }> {
      const response = await shop.request(`/wechatpay/notify/${path}`, {
        method: "POST",
        headers: n.headers,
        // The exact signed bytes, never re-serialized.
        body: n.body as Uint8Array<ArrayBuffer>,
      });
      const body = await response.text();
      const { verdict } = judgeReply(
        n,
        { status: response.status, body },
        { apiV2Key: merchant.apiV2Key },
      );
      return { status: response.status, body, verdict };
    }

    async function createOrder(outTradeNo: string, amount: number) {
      const response = await shop.request("/orders", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ out_trade_no: outTradeNo, amount }),
      });
      return {
        status: response.status,
        body: (await response.json()) as Order,
      };
    }

    async function order(outTradeNo: string): Promise<Order> {
      const response = await shop.request(`/orders/${outTradeNo}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/json/);
      return (await response.json()) as Order;
    }

    /** Waits for the log lines a spawned server may print a moment later. */
    async function logsOf(
      match: (line: LogLine) => boolean,
      count = 1,
    ): Promise<LogLine[]> {
      return vi.waitFor(
        () => {
          const lines = shop.logs().filter(match);
          expect(lines.length).toBeGreaterThanOrEqual(count);
          return lines;
        },
        { timeout: 5_000 },
      );
    }

    it("creates an order and returns it as JSON", async () => {
      expect(await createOrder("ORDER-A1", 990)).toEqual({
        status: 201,
        body: { out_trade_no: "ORDER-A1", amount: 990, status: "created" },
      });
      expect(await order("ORDER-A1")).toMatchObject({ status: "created" });
      expect((await createOrder("ORDER-A1", 990)).status).toBe(409);
      expect((await createOrder("ORDER-A2", 9.9)).status).toBe(400);
      expect((await shop.request("/orders/NO-SUCH-ORDER")).status).toBe(404);
    });

    it("marks the order paid on a v2 payment", async () => {
      const paid = merchant.v2.paid({
        out_trade_no: "ORDER-A1",
        total_fee: 990,
        transaction_id: "4200000000000000000000000001",
      });
      expect(await send("paid", paid)).toMatchObject({
        status: 200,
        verdict: "acknowledged",
      });
      expect(await order("ORDER-A1")).toMatchObject({
        status: "paid",
        transaction_id: "4200000000000000000000000001",
      });

      // The same delivery again, as WeChat Pay redelivers: acknowledged,
      // but the handler processed the payment once.
      const again = await send("paid", tamper.duplicate(paid));
      expect(again.verdict).toBe("acknowledged");
      expect((await order("ORDER-A1")).status).toBe("paid");
      const isPayment = (line: LogLine) =>
        line.notification === "paid" && line.out_trade_no === "ORDER-A1";
      await logsOf(isPayment);
      expect(shop.logs().filter(isPayment)).toEqual([
        expect.objectContaining({ result: "paid", version: "v2" }),
      ]);
    });

    it("records a v3 payment of another amount as amount_mismatch, acknowledged", async () => {
      await createOrder("ORDER-B1", 2500);
      const paid = merchant.v3.paid(
        { out_trade_no: "ORDER-B1", amount: { total: 1 } },
        { via: "certificate" },
      );
      expect(await send("paid", paid)).toMatchObject({
        status: 204,
        verdict: "acknowledged",
      });
      expect(await order("ORDER-B1")).toMatchObject({
        status: "amount_mismatch",
        amount: 2500,
        paid_amount: 1,
      });
      await logsOf(
        (line) =>
          line.out_trade_no === "ORDER-B1" &&
          line.result === "amount_mismatch" &&
          line.level === "warn",
      );
    });

    it("records a failed payment as payment_failed", async () => {
      await createOrder("ORDER-C1", 100);
      const failed = merchant.v3.paid({
        out_trade_no: "ORDER-C1",
        trade_state: "PAYERROR",
      });
      expect((await send("paid", failed)).verdict).toBe("acknowledged");
      expect((await order("ORDER-C1")).status).toBe("payment_failed");
    });

    it("marks a paid order refunded on v2 and v3 refunds", async () => {
      const v2 = merchant.v2.refund({
        out_trade_no: "ORDER-A1",
        out_refund_no: "REFUND-A1",
        total_fee: 990,
        refund_fee: 990,
      });
      expect(await send("refund", v2)).toMatchObject({
        status: 200,
        verdict: "acknowledged",
      });
      expect(await order("ORDER-A1")).toMatchObject({
        status: "refunded",
        refunds: { "REFUND-A1": 990 },
      });

      await createOrder("ORDER-D1", 300);
      await send(
        "paid",
        merchant.v3.paid({ out_trade_no: "ORDER-D1", amount: { total: 300 } }),
      );
      const v3 = merchant.v3.refund({
        out_trade_no: "ORDER-D1",
        out_refund_no: "REFUND-D1",
        amount: { total: 300, refund: 300 },
      });
      expect((await send("refund", v3)).verdict).toBe("acknowledged");
      expect((await order("ORDER-D1")).status).toBe("refunded");
    });

    it("answers a scan with a signed prepay_id and creates the order", async () => {
      const scan = merchant.v2.scanned({ product_id: "P1001" });
      const reply = await send("scanned", scan);
      // judgeReply checks the reply's sign with the APIv2 key and the prepay_id.
      expect(reply.verdict).toBe("acknowledged");
      const [line] = await logsOf(
        (l) => l.notification === "scanned" && l.product_id === "P1001",
      );
      const outTradeNo = String(line!.out_trade_no);
      expect(reply.body).toContain(
        `<prepay_id><![CDATA[${fakePrepayId(outTradeNo)}]]></prepay_id>`,
      );
      expect(await order(outTradeNo)).toMatchObject({
        status: "created",
        amount: 100,
        product_id: "P1001",
      });
    });

    it("refuses a scan of an unknown product with 商品已售完", async () => {
      const reply = await send(
        "scanned",
        merchant.v2.scanned({ product_id: "NO-SUCH-PRODUCT" }),
      );
      expect(reply.verdict).toBe("business_error");
      expect(reply.body).toContain("商品已售完");
    });

    it("acknowledges a v3 complaint event at /events", async () => {
      const event = merchant.v3.event("COMPLAINT.CREATE");
      expect(await send("events", event)).toMatchObject({
        status: 204,
        verdict: "acknowledged",
      });
      await logsOf(
        (line) =>
          line.notification === "event" &&
          line.event_type === "COMPLAINT.CREATE",
      );
    });

    it("records a v3 payment and its refund arriving at /events", async () => {
      await createOrder("ORDER-F1", 700);
      const paid = merchant.v3.paid({
        out_trade_no: "ORDER-F1",
        amount: { total: 700 },
      });
      expect((await send("events", paid)).verdict).toBe("acknowledged");
      expect((await order("ORDER-F1")).status).toBe("paid");
      // The same payment at /paid now: one key per payment at every URL.
      expect((await send("paid", tamper.duplicate(paid))).verdict).toBe(
        "acknowledged",
      );
      const refund = merchant.v3.refund({
        out_trade_no: "ORDER-F1",
        amount: { total: 700, refund: 700 },
      });
      expect((await send("events", refund)).verdict).toBe("acknowledged");
      expect((await order("ORDER-F1")).status).toBe("refunded");
      const payments = shop
        .logs()
        .filter(
          (line) =>
            line.notification === "paid" && line.out_trade_no === "ORDER-F1",
        );
      expect(payments).toHaveLength(1);
    });

    it("refuses tampered notifications with 401 and leaves the order unchanged", async () => {
      await createOrder("ORDER-E1", 100);
      const v3 = merchant.v3.paid({
        out_trade_no: "ORDER-E1",
        amount: { total: 100 },
      });
      const v2 = merchant.v2.paid({ out_trade_no: "ORDER-E1", total_fee: 100 });
      for (const [path, forged] of [
        ["paid", tamper.flipByte(v3)],
        ["paid", tamper.signatureProbe(v3)],
        ["paid", tamper.wrongApiV2Key(v2)],
      ] as const) {
        expect(await send(path, forged)).toMatchObject({
          status: 401,
          verdict: "retry",
        });
      }
      expect((await order("ORDER-E1")).status).toBe("created");
      await logsOf(
        (line) =>
          line.msg === "notification refused" &&
          line.code === "signature_invalid",
      );
    });

    it("does not acknowledge a payment for an unknown order, so WeChat Pay retries", async () => {
      const reply = await send(
        "paid",
        merchant.v3.paid({ out_trade_no: "NO-SUCH-ORDER" }),
      );
      expect(reply).toMatchObject({ status: 500, verdict: "retry" });
    });
  });
}
