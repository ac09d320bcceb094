import type { ScannedHandler } from "@wxnotify/core";

/** Your call to 统一下单 (unifiedorder, trade_type=NATIVE) with your SDK. */
async function unifiedOrder(order: {
  productId: string;
  openid: string;
  totalFee: number;
}): Promise<string> {
  return `wx${order.productId}${order.totalFee}`; // the prepay_id it returns
}

const catalog = new Map([
  ["SKU-1", { priceFen: 990, stock: 3 }],
  ["SKU-2", { priceFen: 1990, stock: 0 }],
]);

// #region scanned
export const onScanned: ScannedHandler = async (message, { alert }) => {
  const product = catalog.get(message.productId); // product_id from the QR code
  if (!product || product.stock === 0) return alert("商品已售完"); // shown to the payer
  return unifiedOrder({
    productId: message.productId,
    openid: message.openid,
    totalFee: product.priceFen,
  }); // the prepay_id: the reply is signed and carries it
};
// #endregion scanned
