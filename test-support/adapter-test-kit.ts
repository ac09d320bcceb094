// Helpers the adapters' own tests share: a real server on 127.0.0.1:0 closed
// after each test, a notifier of the test merchant that records onError, and
// a sender of the exact bytes.
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { createNotifier, type WxNotifyError } from "@wxnotify/core";
import { testMerchant } from "@wxnotify/testing";
import { afterEach, vi } from "vitest";

/** The built-in test merchant. */
export const merchant = testMerchant();

const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

/** Serves a node request listener on 127.0.0.1 until the test ends; resolves its base URL. */
export async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A notifier whose errors are collected, and a handler spy that acknowledges. */
export function setup() {
  const errors: WxNotifyError[] = [];
  const handler = vi.fn(() => true as const);
  const notifier = createNotifier({
    ...merchant.config,
    onError: (error) => errors.push(error),
  });
  return { errors, handler, notifier };
}

/** Sends a notification's exact bytes (no body for GET). */
export const send = (
  url: string,
  n: { headers: Record<string, string>; body: Uint8Array },
  method = "POST",
) =>
  fetch(url, {
    method,
    headers: n.headers,
    body: method === "GET" ? null : (n.body as BodyInit),
  });
