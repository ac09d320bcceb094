import { shop } from "../../utils/shop";

// GET /orders/:out_trade_no
export default defineEventHandler((event) => {
  const reply = shop.getOrder(getRouterParam(event, "out_trade_no")!);
  setResponseStatus(event, reply.status);
  return reply.body;
});
