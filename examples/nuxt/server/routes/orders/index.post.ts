import { shop } from "../../utils/shop";

// POST /orders {"out_trade_no","amount"}
export default defineEventHandler(async (event) => {
  // Invalid JSON becomes undefined, which createOrder answers with 400.
  const body: unknown = await readBody(event).catch(() => undefined);
  const reply = shop.createOrder(body);
  setResponseStatus(event, reply.status);
  return reply.body;
});
