import type {
  SignedNotification,
  V2Notification,
  V3Notification,
} from "../signed-notification.js";
import type { TestMerchantKeys } from "../test-merchant-keys.js";

const DEFAULT_URL = "http://127.0.0.1/notify";

// Which keys signed a notification, so that tamper helpers can re-sign it
// without asking again. A WeakMap keeps the notification a plain object.
const signers = new WeakMap<object, TestMerchantKeys>();

/** The keys a notification was signed with, if this package built it. */
export function signerOf(notification: object): TestMerchantKeys | undefined {
  return signers.get(notification);
}

type Base = Omit<SignedNotification, "bodyText" | "toRequest">;

/** Adds `bodyText` and `toRequest` to a request and remembers its signer. */
export function finishNotification<T extends Base>(
  parts: T,
  signer: TestMerchantKeys | undefined,
): T & Pick<SignedNotification, "bodyText" | "toRequest"> {
  const body = parts.body;
  const headers = parts.headers;
  const notification = {
    ...parts,
    bodyText: new TextDecoder().decode(body),
    toRequest(url: string = DEFAULT_URL): Request {
      return new Request(url, {
        method: "POST",
        headers,
        // Copy so that a consumed Request never shares memory with `body`.
        body: body.slice(),
      });
    },
  };
  if (signer) signers.set(notification, signer);
  return notification;
}

/** UTF-8 bytes as a plain Uint8Array (not a Buffer, so equality is predictable). */
export function utf8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "utf8"));
}

/** Narrows to a v3 notification. */
export function isV3(n: V2Notification | V3Notification): n is V3Notification {
  return n.version === "v3";
}
