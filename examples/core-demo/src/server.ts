import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Notifier, NotifyReply } from "@wxnotify/core";

/** One order of the demo shop. */
export interface Order {
  outTradeNo: string;
  amountFen: number;
  status: "created" | "paid" | "refunded" | "amount_mismatch";
}

const MAX_BODY = 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    chunks.push(chunk as Buffer);
    // Stop reading past the limit: the core answers 413 from the size it gets.
    if (size > MAX_BODY) break;
  }
  return Buffer.concat(chunks);
}

/**
 * A shop server: POST /wechatpay/notify/{paid,refund,scanned,events}, each
 * taking v2 XML and v3 JSON, with the recommended handling (look the order
 * up, acknowledge duplicates, compare amounts in fen).
 */
export function createDemoServer(
  notifier: Notifier,
  orders: Map<string, Order>,
  log: (line: Record<string, unknown>) => void,
): Server {
  return createServer(async (request, response) => {
    const body = await readBody(request);
    const notifyRequest = {
      method: request.method,
      headers: request.headers,
      body,
    };
    let reply: NotifyReply;
    switch (request.url) {
      case "/wechatpay/notify/paid":
        reply = await notifier.handlePaid(
          notifyRequest,
          (message, { fail }) => {
            const { outTradeNo, amountFen, succeeded } = message.summary;
            const order = orders.get(outTradeNo);
            if (!order) return fail(`unknown order ${outTradeNo}`);
            if (order.status !== "created" || !succeeded) return true;
            order.status =
              order.amountFen === amountFen ? "paid" : "amount_mismatch";
            log({
              event: "paid",
              version: message.version,
              outTradeNo,
              amountFen,
              status: order.status,
            });
            return true;
          },
        );
        break;
      case "/wechatpay/notify/refund":
        reply = await notifier.handleRefunded(notifyRequest, (message) => {
          const order = orders.get(message.summary.outTradeNo);
          if (order && message.summary.succeeded) order.status = "refunded";
          log({
            event: "refunded",
            version: message.version,
            ...message.summary,
          });
          return true;
        });
        break;
      case "/wechatpay/notify/scanned":
        reply = await notifier.handleScanned(
          notifyRequest,
          (message, { alert }) => {
            if (message.productId === "SOLD-OUT") return alert("商品已售完");
            log({ event: "scanned", productId: message.productId });
            return `wx${Date.now()}prepay${message.productId}`;
          },
        );
        break;
      case "/wechatpay/notify/events":
        reply = await notifier.handleEvent(notifyRequest, (message) => {
          log({ event: "event", version: message.version, kind: message.kind });
          return true;
        });
        break;
      default:
        reply = { status: 404, headers: {}, body: "" };
    }
    response.writeHead(reply.status, reply.headers).end(reply.body);
  });
}

/** Starts a server on 127.0.0.1 and a free port; resolves its base URL. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}
