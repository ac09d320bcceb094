// The README's vitest example, kept runnable: if this breaks, so does the README.
import { describe, expect, it } from "vitest";
import { tamper, testMerchant } from "../src/index.js";
import { createPaymentHandler } from "./readme/my-handler.js";

describe("my payment endpoint", () => {
  const merchant = testMerchant();
  const paid = new Map([["A1", { amountFen: 100, paid: false }]]);
  const handle = createPaymentHandler(merchant.config, {
    find: (no) => paid.get(no),
    markPaid: (no) => paid.set(no, { amountFen: 100, paid: true }),
  });

  it("marks the order paid and acknowledges", async () => {
    const request = merchant.v3.paid({
      out_trade_no: "A1",
      amount: { total: 100 },
    });
    const reply = await handle(request);
    expect(reply.status).toBe(204);
    expect(paid.get("A1")?.paid).toBe(true);
  });

  it("refuses a wrong amount, so WeChat Pay retries", async () => {
    const request = merchant.v2.paid({ out_trade_no: "A1", total_fee: 1 });
    expect((await handle(request)).status).toBe(500);
  });

  it("refuses forged and replayed notifications", async () => {
    const genuine = merchant.v3.paid({ out_trade_no: "A1" });
    for (const forged of [
      tamper.flipByte(genuine),
      tamper.signatureProbe(genuine),
      tamper.staleTimestamp(genuine),
    ]) {
      expect((await handle(forged)).status).toBe(401);
    }
  });
});
