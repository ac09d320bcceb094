import { listenAddressFromEnv } from "@wxnotify/example-shop";
import { shop } from "../utils/shop";

// Nitro's node server listens on PORT and HOST; scripts/serve.mjs defaults
// HOST to 127.0.0.1.
export default defineNitroPlugin(() => {
  const { port, host } = listenAddressFromEnv();
  shop.logStarted("nuxt", `http://${host}:${port}`);
});
