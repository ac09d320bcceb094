import type { NotifierConfig } from "./config.js";
import { portableCryptoProvider } from "./crypto/portable-crypto-provider.js";
import { buildNotifier, type Notifier } from "./notifier.js";

export * from "./common-exports.js";
export { portableCryptoProvider };

/**
 * Creates a notifier for runtimes without node:crypto (the package's
 * `worker`, `workerd`, `browser` and `deno` entry): same API, WebCrypto and
 * node-forge underneath. Keys are imported asynchronously; `ready()` resolves
 * once they are, and a bad key surfaces on it and on the first request.
 */
export function createNotifier(config: NotifierConfig): Notifier {
  return buildNotifier(config, portableCryptoProvider);
}
