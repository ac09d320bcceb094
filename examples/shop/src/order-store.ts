/** Where an order stands. */
export type OrderStatus =
  "created" | "paid" | "refunded" | "amount_mismatch" | "payment_failed";

/** An order as GET /orders/:out_trade_no returns it. Amounts are in fen. */
export interface Order {
  out_trade_no: string;
  /** What the payer owes, in fen. */
  amount: number;
  status: OrderStatus;
  /** WeChat Pay's transaction id, once a payment arrived. */
  transaction_id?: string;
  /** The amount a payment notification reported, when it differs from `amount`. */
  paid_amount?: number;
  /** Refunds that succeeded, by out_refund_no, in fen. */
  refunds?: Record<string, number>;
  /** The product of a Native scan order. */
  product_id?: string;
}

/** The shop's orders. In memory here; a database in a real shop. */
export interface OrderStore {
  get(outTradeNo: string): Order | undefined;
  /** Creates an order; returns undefined when the number is taken. */
  create(order: Omit<Order, "status">): Order | undefined;
  update(
    outTradeNo: string,
    change: Partial<Omit<Order, "out_trade_no">>,
  ): Order;
}

/** An in-memory order store. */
export function createOrderStore(): OrderStore {
  const orders = new Map<string, Order>();
  return {
    get: (outTradeNo) => {
      const order = orders.get(outTradeNo);
      // A copy, so that callers cannot change an order without update().
      return order && structuredClone(order);
    },
    create: (input) => {
      if (orders.has(input.out_trade_no)) return undefined;
      const order: Order = { ...input, status: "created" };
      orders.set(order.out_trade_no, order);
      return structuredClone(order);
    },
    update: (outTradeNo, change) => {
      const order = orders.get(outTradeNo);
      if (!order) throw new Error(`No order ${outTradeNo}.`);
      Object.assign(order, change);
      return structuredClone(order);
    },
  };
}
