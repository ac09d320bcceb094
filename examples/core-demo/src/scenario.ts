import { createNotifier } from "@wxnotify/core";
import {
  tamper,
  testMerchant,
  type SignedNotification,
} from "@wxnotify/testing";
import { createDemoServer, listen, type Order } from "./server.js";

/** One delivery of the demo and how it was answered. */
export interface Delivery {
  name: string;
  path: string;
  status: number;
  body: string;
  acknowledged: boolean;
  expected: boolean;
}

/** WeChat Pay's reading of a reply (spec §1.6, §3.3, §4.8). */
export function isAcknowledged(
  status: number,
  body: string,
  v2: boolean,
): boolean {
  if (!v2) return status === 200 || status === 204;
  return (
    status >= 200 &&
    status < 300 &&
    /<return_code>(?:<!\[CDATA\[)?SUCCESS/.test(body) &&
    !/<result_code>(?:<!\[CDATA\[)?FAIL/.test(body)
  );
}

/**
 * Starts the demo shop, sends it signed v2 and v3 notifications (and forged
 * ones), and returns how each was answered.
 */
export async function runScenario(
  log: (line: Record<string, unknown>) => void = () => undefined,
): Promise<{ deliveries: Delivery[]; orders: Map<string, Order> }> {
  const merchant = testMerchant();
  const orders = new Map<string, Order>([
    [
      "DEMO-V2-1",
      { outTradeNo: "DEMO-V2-1", amountFen: 990, status: "created" },
    ],
    [
      "DEMO-V3-1",
      { outTradeNo: "DEMO-V3-1", amountFen: 2500, status: "created" },
    ],
    [
      "DEMO-V3-2",
      { outTradeNo: "DEMO-V3-2", amountFen: 100, status: "created" },
    ],
  ]);
  const notifier = createNotifier({
    ...merchant.config,
    onError: (error, context) =>
      log({
        event: "refused",
        code: error.code,
        status: error.status,
        ...context,
      }),
  });
  const server = createDemoServer(notifier, orders, log);
  const base = await listen(server);
  const v3Paid = merchant.v3.paid({
    out_trade_no: "DEMO-V3-1",
    amount: { total: 2500 },
  });
  const plan: Array<[string, string, SignedNotification, boolean]> = [
    [
      "v2 payment (MD5)",
      "paid",
      merchant.v2.paid({ out_trade_no: "DEMO-V2-1", total_fee: 990 }),
      true,
    ],
    [
      "v2 payment again (duplicate, HMAC-SHA256)",
      "paid",
      merchant.v2.paid(
        { out_trade_no: "DEMO-V2-1", total_fee: 990 },
        { signType: "HMAC-SHA256" },
      ),
      true,
    ],
    [
      "v2 refund (req_info decrypted)",
      "refund",
      merchant.v2.refund({
        out_trade_no: "DEMO-V2-1",
        refund_fee: 990,
        total_fee: 990,
      }),
      true,
    ],
    [
      "v2 scan callback (prepay_id)",
      "scanned",
      merchant.v2.scanned({ product_id: "SKU-1" }),
      true,
    ],
    [
      "v2 scan callback, sold out (alert)",
      "scanned",
      merchant.v2.scanned({ product_id: "SOLD-OUT" }),
      false,
    ],
    ["v3 payment (WeChat Pay public key)", "paid", v3Paid, true],
    [
      "v3 payment, wrong amount (recorded, acknowledged)",
      "paid",
      merchant.v3.paid(
        { out_trade_no: "DEMO-V3-2", amount: { total: 1 } },
        { via: "certificate" },
      ),
      true,
    ],
    [
      "v3 refund",
      "refund",
      merchant.v3.refund({ out_trade_no: "DEMO-V3-1" }),
      true,
    ],
    [
      "v3 complaint event",
      "events",
      merchant.v3.event("COMPLAINT.CREATE"),
      true,
    ],
    ["v3 payment, one byte tampered", "paid", tamper.flipByte(v3Paid), false],
    [
      "v3 signature probe (WECHATPAY/SIGNTEST/)",
      "paid",
      tamper.signatureProbe(v3Paid),
      false,
    ],
    [
      "v2 payment for an unknown order (fail → retry)",
      "paid",
      merchant.v2.paid({ out_trade_no: "NOPE" }),
      false,
    ],
  ];
  const deliveries: Delivery[] = [];
  try {
    for (const [name, path, notification, expected] of plan) {
      const response = await fetch(`${base}/wechatpay/notify/${path}`, {
        method: "POST",
        headers: notification.headers,
        body: notification.body as Uint8Array<ArrayBuffer>,
      });
      const body = await response.text();
      deliveries.push({
        name,
        path,
        status: response.status,
        body,
        acknowledged: isAcknowledged(
          response.status,
          body,
          notification.version === "v2",
        ),
        expected,
      });
    }
  } finally {
    server.close();
  }
  return { deliveries, orders };
}
