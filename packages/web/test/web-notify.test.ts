import { readdirSync, readFileSync } from "node:fs";
import type { RequestListener } from "node:http";
import { createNotifier, type WxNotifyError } from "@wxnotify/core";
import { tamper } from "@wxnotify/testing";
import { toResponse, webNotify } from "@wxnotify/web";
import { describe, expect, it, vi } from "vitest";
import {
  merchant,
  send as sendBytes,
  serve,
} from "../../../test-support/adapter-test-kit.ts";

function setup(maxBodyBytes?: number) {
  const errors: WxNotifyError[] = [];
  const handler = vi.fn(() => true as const);
  const notifier = createNotifier({
    ...merchant.config,
    ...(maxBodyBytes && { maxBodyBytes }),
    onError: (error) => errors.push(error),
  });
  return { errors, handler, notifier };
}

describe("webNotify", () => {
  it("answers a Request with a Response: v3 204, v2 200 XML", async () => {
    const { notifier, handler } = setup();
    const POST = webNotify(notifier.paid(handler));
    const v3 = await POST(merchant.v3.paid().toRequest());
    expect(v3.status).toBe(204);
    expect(v3.body).toBeNull();
    const v2 = await POST(merchant.v2.paid().toRequest());
    expect(v2.status).toBe(200);
    expect(v2.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(await v2.text()).toContain("<return_code><![CDATA[SUCCESS]]>");
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it("a Request whose body was already read: retryable 500, handler not called", async () => {
    const { notifier, handler, errors } = setup();
    const request = merchant.v3.paid().toRequest();
    await request.json(); // e.g. a middleware that parsed it first
    const reply = await webNotify(notifier.paid(handler))(request);
    expect(reply.status).toBe(500);
    expect(handler).not.toHaveBeenCalled();
    expect(errors.map((e) => e.code)).toEqual(["raw_body_unavailable"]);
  });

  it("stops reading a streamed body without Content-Length past the limit: 413", async () => {
    const { notifier, handler } = setup(1024);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(
          new TextEncoder().encode(`{"x":"${"y".repeat(500)}`),
        );
      },
    });
    const request = new Request("http://localhost/notify", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: endless,
      duplex: "half",
    } as RequestInit);
    const reply = await webNotify(notifier.paid(handler))(request);
    expect(reply.status).toBe(413);
    expect(pulled).toBeLessThan(10);
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses GET with 405 and Allow: POST", async () => {
    const { notifier } = setup();
    const reply = await webNotify(notifier.event(() => true))(
      new Request("http://localhost/notify"),
    );
    expect(reply.status).toBe(405);
    expect(reply.headers.get("allow")).toBe("POST");
  });
});

describe("toResponse", () => {
  it("gives a 204 a null body (new Response('', { status: 204 }) throws)", () => {
    const response = toResponse({ status: 204, headers: {}, body: "" });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });
});

describe("the package", () => {
  it("adds no node:* import and no Buffer of its own", () => {
    const dir = new URL("../src/", import.meta.url);
    for (const file of readdirSync(dir)) {
      const text = readFileSync(new URL(file, dir), "utf8");
      expect(text).not.toMatch(/from "node:|\bBuffer\b/);
    }
  });
});

describe("webNotify on srvx (Node)", () => {
  /** Serves a fetch handler through srvx's node bridge; resolves its /notify URL. */
  async function serveWithSrvx(fetch: (request: Request) => Promise<Response>) {
    const { toNodeHandler } = await import("srvx/node");
    // srvx types its handler for node:http and http2 at once.
    return `${await serve(toNodeHandler(fetch) as RequestListener)}/notify`;
  }

  type Srvx = Request & {
    runtime?: { node?: { req?: { readableEnded: boolean } } };
  };

  it("reads the node request behind srvx's Request directly, and verifies what it read", async () => {
    const { notifier, handler } = setup(64 * 1024);
    const notify = webNotify(notifier.paid(handler));
    const seen: Array<{ bodyUsed: boolean; nodeEnded?: boolean }> = [];
    const url = await serveWithSrvx(async (request) => {
      const response = await notify(request);
      seen.push({
        bodyUsed: request.bodyUsed,
        nodeEnded: (request as Srvx).runtime?.node?.req?.readableEnded,
      });
      return response;
    });
    expect((await sendBytes(url, merchant.v3.paid())).status).toBe(204);
    expect((await sendBytes(url, merchant.v2.paid())).status).toBe(200);
    expect(
      (await sendBytes(url, tamper.flipByte(merchant.v3.paid()))).status,
    ).toBe(401);
    const big = merchant.v3.paid();
    const tooLarge = new Uint8Array(64 * 1024 + 10).fill(0x20);
    tooLarge.set(big.body);
    expect((await sendBytes(url, { ...big, body: tooLarge })).status).toBe(413);
    expect(handler).toHaveBeenCalledTimes(2);
    // srvx's Request never read its body: the bytes came off the node stream.
    expect(seen.slice(0, 3)).toEqual([
      { bodyUsed: false, nodeEnded: true },
      { bodyUsed: false, nodeEnded: true },
      { bodyUsed: false, nodeEnded: true },
    ]);
  });

  it("leaves a body another reader has started to the Request (its web stream owns the data)", async () => {
    const { notifier, handler } = setup();
    const notify = webNotify(notifier.paid(handler));
    const bodyUsed: boolean[] = [];
    const url = await serveWithSrvx(async (request) => {
      void request.body; // srvx builds its web stream over the node request
      const response = await notify(request);
      bodyUsed.push(request.bodyUsed);
      return response;
    });
    expect((await sendBytes(url, merchant.v3.paid())).status).toBe(204);
    expect(handler).toHaveBeenCalledTimes(1);
    // The bytes came through the Request's own stream, not the node request.
    expect(bodyUsed).toEqual([true]);
  });
});
