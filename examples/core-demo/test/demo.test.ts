import { describe, expect, it } from "vitest";
import { runScenario } from "../src/scenario.js";

describe("core demo", () => {
  it("acknowledges every genuine notification and refuses every forged one", async () => {
    const { deliveries, orders } = await runScenario();
    for (const delivery of deliveries) {
      expect({
        name: delivery.name,
        acknowledged: delivery.acknowledged,
      }).toEqual({
        name: delivery.name,
        acknowledged: delivery.expected,
      });
    }
    expect(orders.get("DEMO-V2-1")?.status).toBe("refunded");
    expect(orders.get("DEMO-V3-1")?.status).toBe("refunded");
    expect(orders.get("DEMO-V3-2")?.status).toBe("amount_mismatch");
  });

  it("answers a scan with a prepay_id and a sold-out product with a business error", async () => {
    const { deliveries } = await runScenario();
    const scans = deliveries.filter((delivery) => delivery.path === "scanned");
    expect(scans[0]!.body).toContain("<prepay_id><![CDATA[wx");
    expect(scans[1]!.body).toContain("<err_code_des><![CDATA[商品已售完]]>");
  });
});
