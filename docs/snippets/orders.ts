/**
 * A stand-in for your database layer, so that the snippets run. Every method
 * is async, as a real one would be.
 */
export interface Order {
  outTradeNo: string;
  amountFen: number;
  status: "created" | "paid" | "refunded" | "amount_mismatch";
  transactionId?: string;
}

const rows = new Map<string, Order>();

export const orders = {
  async create(outTradeNo: string, amountFen: number): Promise<Order> {
    const order: Order = { outTradeNo, amountFen, status: "created" };
    rows.set(outTradeNo, order);
    return order;
  },
  async find(outTradeNo: string): Promise<Order | undefined> {
    return rows.get(outTradeNo);
  },
  async markPaid(order: Order, transactionId: string): Promise<void> {
    rows.set(order.outTradeNo, { ...order, status: "paid", transactionId });
  },
  async flagAmountMismatch(order: Order, paidFen: number): Promise<void> {
    rows.set(order.outTradeNo, { ...order, status: "amount_mismatch" });
    console.warn(`order ${order.outTradeNo}: paid ${paidFen} fen`);
  },
  async markRefunded(outTradeNo: string): Promise<void> {
    const order = rows.get(outTradeNo);
    if (order) rows.set(outTradeNo, { ...order, status: "refunded" });
  },
  clear(): void {
    rows.clear();
  },
};
