/**
 * Runs the snippets of the concept pages (replies, keys, events,
 * idempotency, custom adapters, edge runtimes, troubleshooting) against
 * notifications signed by @wxnotify/testing.
 */
import { once } from "node:events";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:http2";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNotifier } from "@wxnotify/core";
import {
  createTestMerchant,
  judgeReply,
  tamper,
  testMerchant,
  type SignedNotification,
} from "@wxnotify/testing";
import { describe, expect, it } from "vitest";
import { http2Notify } from "../snippets/custom-adapter.js";
import { server as http2Server } from "../snippets/custom-server.js";
import { onEvent } from "../snippets/events.js";
import { byOrder, notifier as once_ } from "../snippets/idempotency.js";
import {
  certificatesIn,
  migrating,
  reloadable,
  withCertificates,
} from "../snippets/keys.js";
import { notifier as logging } from "../snippets/on-error.js";
import { orders } from "../snippets/orders.js";
import { createPortableNotifier } from "../snippets/portable.js";
import { onScanned } from "../snippets/scanned.js";
import { inspect } from "../snippets/verify.js";
import worker from "../snippets/worker.js";

const merchant = testMerchant();

describe("replies (guide/replies)", () => {
  const notifier = createNotifier(merchant.config);

  it("scan callback: a signed reply with the prepay_id", async () => {
    const request = merchant.v2.scanned({ product_id: "SKU-1" });
    const reply = await notifier.handleScanned(request, onScanned);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain("<prepay_id>");
    expect(
      judgeReply(request, reply, { apiV2Key: merchant.apiV2Key }).verdict,
    ).toBe("acknowledged");
  });

  it("scan callback: alert() refuses the sale, shown to the payer", async () => {
    const request = merchant.v2.scanned({ product_id: "SKU-2" });
    const reply = await notifier.handleScanned(request, onScanned);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain("商品已售完");
    expect(
      judgeReply(request, reply, { apiV2Key: merchant.apiV2Key }).verdict,
    ).toBe("business_error");
  });

  it("every reply the replies page lists", async () => {
    const v3 = merchant.v3.paid();
    const v2 = merchant.v2.paid();
    const answer = (result: unknown, request: SignedNotification = v3) =>
      notifier.handlePaid(request, async (_m, { fail }) =>
        result === "fail" ? fail("db down") : (result as true),
      );
    expect((await answer(true)).status).toBe(204);
    expect((await answer(true, v2)).status).toBe(200);
    expect(await answer("fail")).toMatchObject({
      status: 500,
      body: '{"code":"FAIL","message":"db down"}',
    });
    expect((await answer("fail", v2)).body).toContain("db down");
    expect((await answer(undefined)).status).toBe(500);
    expect((await answer(false, v2)).status).toBe(500);
    const threw = await notifier.handlePaid(v3, async () => {
      throw new Error("boom");
    });
    expect(threw).toMatchObject({ status: 500 });
    expect(threw.body).not.toContain("boom");
    const v200 = createNotifier({ ...merchant.config, v3SuccessStatus: 200 });
    expect((await v200.handlePaid(v3, async () => true)).status).toBe(200);
  });
});

describe("keys (guide/keys)", () => {
  const byCertificate = merchant.v3.paid({}, { via: "certificate" });
  const byPublicKey = merchant.v3.paid({}, { via: "publicKey" });
  const ok = async () => true as const;

  it("platform certificates only: the certificate serial verifies", async () => {
    expect((await withCertificates.handlePaid(byCertificate, ok)).status).toBe(
      204,
    );
    expect((await withCertificates.handlePaid(byPublicKey, ok)).status).toBe(
      401,
    );
  });

  it("migration: both kinds verify, an unknown serial does not", async () => {
    expect((await migrating.handlePaid(byCertificate, ok)).status).toBe(204);
    expect((await migrating.handlePaid(byPublicKey, ok)).status).toBe(204);
    expect(
      (await migrating.handlePaid(tamper.unknownSerial(byPublicKey), ok))
        .status,
    ).toBe(401);
  });

  it("rotation: every certificate of a folder, reloaded while running", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wxnotify-certs-"));
    // The same merchant after a rotation: a new WeChat Pay key and certificate
    const next = createTestMerchant({
      mchId: merchant.mchId,
      appId: merchant.appId,
      apiV2Key: merchant.apiV2Key,
      apiV3Key: merchant.apiV3Key,
    });
    writeFileSync(join(dir, "old.pem"), merchant.certificatePem);
    const endpoint = reloadable(
      () => ({
        mchId: merchant.mchId,
        apiV3Key: merchant.apiV3Key,
        platformCertificates: certificatesIn(dir),
      }),
      ok,
    );
    const fromNew = next.v3.paid({}, { via: "certificate" });
    expect((await endpoint(fromNew)).status).toBe(401); // unknown_serial
    writeFileSync(join(dir, "new.pem"), next.certificatePem);
    endpoint.reload();
    expect((await endpoint(fromNew)).status).toBe(204);
    expect((await endpoint(byCertificate)).status).toBe(204);
    expect(endpoint.maxBodyBytes).toBe(1024 * 1024);
  });
});

describe("events (guide/events)", () => {
  const notifier = createNotifier(merchant.config);

  it.each([
    ["TRANSACTION.SUCCESS", merchant.v3.paid()],
    [
      "combined TRANSACTION.SUCCESS",
      merchant.v3.paid({}, { variant: "combined" }),
    ],
    ["REFUND.ABNORMAL", merchant.v3.refund({}, { status: "ABNORMAL" })],
    ["COMPLAINT.CREATE", merchant.v3.event("COMPLAINT.CREATE")],
    ["PROFITSHARING.SUCCESS", merchant.v3.event("PROFITSHARING.SUCCESS")],
    ["an unknown type", merchant.v3.event("NEW.EVENT", { anything: 1 })],
    ["a v2 payment", merchant.v2.paid()],
    ["a v2 refund", merchant.v2.refund()],
  ])("handleEvent dispatches %s", async (_name, request) => {
    const reply = await notifier.handleEvent(request, onEvent);
    expect(reply.status).toBeLessThan(300);
  });

  it("handleEvent delivers a v3 payment as an event with its summary", async () => {
    const seen: unknown[] = [];
    await notifier.handleEvent(
      merchant.v3.paid({ out_trade_no: "EV-1", amount: { total: 7 } }),
      async (message) => {
        seen.push(message.kind, message.summary?.outTradeNo);
        return true;
      },
    );
    expect(seen).toEqual(["event", "EV-1"]);
  });
});

describe("idempotency (guide/idempotency)", () => {
  it("one handler run per notification, duplicates acknowledged", async () => {
    await orders.create("IDEM-1", 100);
    const first = merchant.v3.paid({
      out_trade_no: "IDEM-1",
      amount: { total: 100 },
    });
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handler = async () => {
      runs++;
      await gate;
      return true as const;
    };
    const running = once_.handlePaid(first, handler);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const concurrent = await once_.handlePaid(
      tamper.duplicate(first, { fresh: true }),
      handler,
    );
    expect(concurrent.status).toBe(409); // duplicate_in_progress
    release();
    expect((await running).status).toBe(204);
    const later = await once_.handlePaid(tamper.duplicate(first), handler);
    expect(later.status).toBe(204);
    expect(runs).toBe(1);
  });

  it("a custom key: v2 and v3 deliveries of one order share it", async () => {
    let runs = 0;
    const handler = async () => (runs++, true as const);
    await byOrder.handlePaid(merchant.v3.paid({ out_trade_no: "K1" }), handler);
    await byOrder.handlePaid(merchant.v2.paid({ out_trade_no: "K1" }), handler);
    expect(runs).toBe(1);
  });
});

describe("troubleshooting (guide/troubleshooting)", () => {
  it("inspect() names the failing check", async () => {
    const genuine = merchant.v3.paid();
    expect(await inspect(genuine)).toBe("v3 TRANSACTION.SUCCESS: verified");
    expect(await inspect(tamper.signatureProbe(genuine))).toMatch(
      /^signature_probe \(HTTP 401\)/,
    );
    expect(await inspect(merchant.v2.refund())).toBe("v2 refunded: verified");
  });

  it("the onError example logs by severity", async () => {
    const reply = await logging.handlePaid(
      tamper.signatureProbe(merchant.v3.paid()),
      async () => true,
    );
    expect(reply.status).toBe(401);
  });
});

describe("custom adapter (guide/custom-adapter)", () => {
  it("the node:http2 adapter answers over HTTP/2", async () => {
    await orders.create("H2-1", 100);
    http2Server.listen(0, "127.0.0.1");
    await once(http2Server, "listening");
    const { port } = http2Server.address() as AddressInfo;
    const client = connect(`http://127.0.0.1:${port}`);
    try {
      const post = async (path: string, request = merchant.v3.paid()) => {
        const stream = client.request({
          ":method": "POST",
          ":path": path,
          ...request.headers,
        });
        stream.end(request.body);
        const [headers] = (await once(stream, "response")) as [
          Record<string, unknown>,
        ];
        let body = "";
        for await (const chunk of stream) body += chunk;
        return { status: headers[":status"], body };
      };
      const paid = merchant.v3.paid({
        out_trade_no: "H2-1",
        amount: { total: 100 },
      });
      expect((await post("/wechatpay/notify/paid", paid)).status).toBe(204);
      expect((await orders.find("H2-1"))?.status).toBe("paid");
      expect(
        (await post("/wechatpay/notify/paid", tamper.flipByte(paid))).status,
      ).toBe(401);
      expect((await post("/elsewhere")).status).toBe(404);
    } finally {
      client.close();
      http2Server.close();
    }
    expect(typeof http2Notify).toBe("function");
  });
});

describe("edge runtimes (guide/portable)", () => {
  it("the Worker snippet answers through its env", async () => {
    await orders.create("EDGE-1", 100);
    const env = {
      WECHATPAY_MCHID: merchant.mchId,
      WECHATPAY_APIV3_KEY: merchant.apiV3Key,
      WECHATPAY_PUBLIC_KEY_ID: merchant.publicKeyId,
      WECHATPAY_PUBLIC_KEY: merchant.publicKeyPem,
    };
    const request = merchant.v3
      .paid({ out_trade_no: "EDGE-1", amount: { total: 100 } })
      .toRequest("https://shop.example/wechatpay/notify/paid");
    const response = await worker.fetch(request, env);
    expect(response.status).toBe(204);
  });

  it("the portable build verifies the same notifications", async () => {
    const notifier = await createPortableNotifier(merchant.config);
    const reply = await notifier.handlePaid(
      merchant.v3.paid(),
      async () => true,
    );
    expect(reply.status).toBe(204);
    const v2 = await notifier.handleRefunded(
      merchant.v2.refund(),
      async () => true,
    );
    expect(v2.status).toBe(200);
    await expect(
      createPortableNotifier({
        ...merchant.config,
        wechatpayPublicKeys: [
          {
            id: merchant.publicKeyId,
            pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
          },
        ],
      }),
    ).rejects.toMatchObject({ code: "configuration_invalid" });
  });
});

describe("behaviours the pages state", () => {
  const codes: string[] = [];
  const notifier = createNotifier({
    ...merchant.config,
    onError: (error) => codes.push(error.code),
  });
  const ok = async () => true as const;

  it("a v2 notification without apiV2Key: 500 configuration_invalid (guide/keys)", async () => {
    const { apiV2Key: _omitted, ...v3Only } = merchant.config;
    const reply = await createNotifier(v3Only).handlePaid(
      merchant.v2.paid(),
      ok,
    );
    expect(reply.status).toBe(500);
    expect(reply.body).toContain("configuration_invalid");
  });

  it("a refund at handlePaid: 400 unexpected_notification (guide/events)", async () => {
    codes.length = 0;
    const reply = await notifier.handlePaid(merchant.v3.refund(), ok);
    expect(reply.status).toBe(400);
    expect(codes).toEqual(["unexpected_notification"]);
  });

  it("another merchant's payment: 403 at handlePaid and at handleEvent (guide/events)", async () => {
    const foreign = merchant.v3.paid({ mchid: "1230000109" });
    expect((await notifier.handlePaid(foreign, ok)).status).toBe(403);
    expect((await notifier.handleEvent(foreign, ok)).status).toBe(403);
  });

  it("a GET: 405 with Allow: POST (guide/custom-adapter)", async () => {
    const reply = await notifier.handlePaid(
      { method: "GET", headers: {}, body: "" },
      ok,
    );
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe("POST");
  });

  it("a timestamp 310 s off either way is refused, 290 s is not (guide/replies)", async () => {
    const now = Date.now();
    const at = (offset: number) =>
      notifier.handlePaid(
        merchant.v3.paid({}, { now: now + offset * 1000 }),
        ok,
      );
    expect((await at(290)).status).toBe(204);
    expect((await at(-290)).status).toBe(204);
    expect((await at(310)).status).toBe(401);
    expect((await at(-310)).status).toBe(401);
  });
});
