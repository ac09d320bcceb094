import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { SignedNotification } from "@wxnotify/testing";

/** Serves `listener` (or an existing server) on 127.0.0.1 at a free port. */
export async function listen(
  target: RequestListener | Server,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = typeof target === "function" ? createServer(target) : target;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Sends a notification as WeChat Pay would: its headers and exact bytes. */
export async function send(
  url: string,
  notification: SignedNotification,
): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    method: "POST",
    headers: notification.headers,
    body: new Uint8Array(notification.body), // an ArrayBuffer-backed copy, for the DOM typings
  });
  return { status: response.status, body: await response.text() };
}
