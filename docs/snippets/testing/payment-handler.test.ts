// #region test
import { tamper, testMerchant } from "@wxnotify/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { orders } from "../orders.js";
import { createPaymentEndpoint } from "./payment-handler.js";

describe("payment endpoint", () => {
  const merchant = testMerchant(); // fixed public test keys: instant
  const now = Date.parse("2025-06-01T12:00:00+08:00");
  const endpoint = createPaymentEndpoint({
    ...merchant.config,
    now: () => now,
  });

  beforeEach(async () => {
    await orders.create("T1", 100);
  });

  it("acknowledges v3, v2 MD5 and v2 HMAC-SHA256 deliveries", async () => {
    for (const request of [
      merchant.v3.paid({ out_trade_no: "T1", amount: { total: 100 } }, { now }),
      merchant.v2.paid({ out_trade_no: "T1", total_fee: 100 }),
      merchant.v2.paid(
        { out_trade_no: "T1", total_fee: 100 },
        { signType: "HMAC-SHA256" },
      ),
    ]) {
      const reply = await endpoint(request);
      expect(reply.status).toBeLessThan(300);
    }
  });

  it("acknowledges a duplicate again without paying twice", async () => {
    const first = merchant.v3.paid(
      { out_trade_no: "T1", amount: { total: 100 } },
      { now },
    );
    await endpoint(first);
    const again = tamper.duplicate(first, { fresh: true, now: now + 15_000 });
    expect((await endpoint(again)).status).toBe(204);
  });

  it("refuses what WeChat Pay would never send", async () => {
    const genuine = merchant.v3.paid({ out_trade_no: "T1" }, { now });
    const refused = {
      signature_invalid: tamper.flipByte(genuine),
      reserialized: tamper.reserializeJson(genuine),
      signature_probe: tamper.signatureProbe(genuine),
      timestamp: tamper.staleTimestamp(genuine),
      unknown_serial: tamper.unknownSerial(genuine),
      decryption: tamper.wrongApiV3Key(genuine),
    };
    for (const [name, request] of Object.entries(refused)) {
      const reply = await endpoint(request);
      expect(reply.status, name).toBe(401);
    }
  });
});
// #endregion test
