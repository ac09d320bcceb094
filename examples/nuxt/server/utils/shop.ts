import { createShop } from "@wxnotify/example-shop";

/** One shop per server process, shared by every route. */
export const shop = createShop();
