// #region portable
// Pick the portable build explicitly (a bundler without export conditions,
// a test): same API, WebCrypto and node-forge instead of node:crypto.
import { createNotifier, type NotifierConfig } from "@wxnotify/core/portable";

export async function createPortableNotifier(config: NotifierConfig) {
  const notifier = createNotifier(config);
  // Keys are imported asynchronously here: a bad key rejects ready(), so
  // check it at start-up rather than on the first notification.
  await notifier.ready();
  return notifier;
}
// #endregion portable
