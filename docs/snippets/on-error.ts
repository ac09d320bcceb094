import { createNotifier } from "@wxnotify/core";
import { config } from "./notifier.js";

const logger = {
  info: (fields: object, text: string) => console.info(fields, text),
  warn: (fields: object, text: string) => console.warn(fields, text),
  error: (fields: object, text: string) => console.error(fields, text),
};

// #region on-error
export const notifier = createNotifier({
  ...config,
  onError(error, context) {
    const fields = { code: error.code, status: error.status, ...context };
    if (error.code === "signature_probe") {
      logger.info(fields, error.message); // WeChat Pay checking: expected
    } else if (error.status >= 500) {
      logger.error(fields, error.message); // your side: handler, store, keys
    } else {
      logger.warn(fields, error.message); // forged, altered, misrouted
    }
  },
});
// #endregion on-error
