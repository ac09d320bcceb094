import { nodeCryptoProvider } from "./crypto/node-crypto-provider.js";
import type { NotifierConfig } from "./config.js";
import { buildNotifier, type Notifier } from "./notifier.js";

export * from "./common-exports.js";
export { nodeCryptoProvider };

/**
 * Creates a notifier. Validates the configuration and imports every key now,
 * so a wrong-length APIv3 key or an unreadable PEM fails at start-up with a
 * {@link ConfigurationError}, not on the first notification. Uses node:crypto
 * unless `config.crypto` says otherwise.
 */
export function createNotifier(config: NotifierConfig): Notifier {
  return buildNotifier(config, nodeCryptoProvider);
}
