// #region test
import { createNotifier } from "@wxnotify/core";
import { tamper, testMerchant } from "@wxnotify/testing";
import { describe, expect, it } from "vitest";
import { onPaid } from "./handlers.js";
import { orders } from "./orders.js";

describe("payment notifications", () => {
  // A test merchant: its keys, and WeChat Pay's side that signs notifications
  const merchant = testMerchant();
  const notifier = createNotifier(merchant.config);

  it("marks the order paid and acknowledges (v3)", async () => {
    await orders.create("A1", 100);
    const request = merchant.v3.paid({
      out_trade_no: "A1",
      amount: { total: 100 },
    });
    const reply = await notifier.handlePaid(request, onPaid);
    expect(reply.status).toBe(204);
    expect((await orders.find("A1"))?.status).toBe("paid");
  });

  it("acknowledges a v2 XML notification the same way", async () => {
    await orders.create("A2", 990);
    const request = merchant.v2.paid({ out_trade_no: "A2", total_fee: 990 });
    const reply = await notifier.handlePaid(request, onPaid);
    expect(reply.body).toContain("<return_code><![CDATA[SUCCESS]]>");
  });

  it("refuses a forged notification, so nothing is acknowledged", async () => {
    const genuine = merchant.v3.paid({ out_trade_no: "A1" });
    const reply = await notifier.handlePaid(tamper.flipByte(genuine), onPaid);
    expect(reply.status).toBe(401);
  });
});
// #endregion test
