import { createNotifier, type WxNotifyError } from "@wxnotify/core";
import { h3Notify } from "@wxnotify/h3";
import { testMerchant } from "@wxnotify/testing";
import { H3, readBody } from "h3";
import { createApp, createRouter, toPlainHandler, toWebHandler } from "h3-v1";
import { describe, expect, it, vi } from "vitest";

const merchant = testMerchant();

function setup() {
  const errors: WxNotifyError[] = [];
  const handler = vi.fn(() => true as const);
  const notifier = createNotifier({
    ...merchant.config,
    onError: (error) => errors.push(error),
  });
  return { errors, handler, endpoint: notifier.paid(handler) };
}

describe("h3 v2, through app.fetch", () => {
  it("acknowledges v3 (204) and v2 (200 XML)", async () => {
    const { endpoint, handler } = setup();
    const app = new H3().post("/paid", h3Notify(endpoint));
    const v3 = await app.fetch(merchant.v3.paid().toRequest("http://x/paid"));
    expect(v3.status).toBe(204);
    expect(await v3.text()).toBe("");
    const v2 = await app.fetch(merchant.v2.paid().toRequest("http://x/paid"));
    expect(v2.status).toBe(200);
    expect(v2.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(await v2.text()).toContain("SUCCESS");
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it("after an earlier readBody the bytes are gone: a retryable 500, handler not called", async () => {
    const { endpoint, handler, errors } = setup();
    const app = new H3()
      .use(async (event) => {
        await readBody(event);
      })
      .post("/paid", h3Notify(endpoint));
    const reply = await app.fetch(
      merchant.v3.paid().toRequest("http://x/paid"),
    );
    expect(reply.status).toBe(500);
    expect(handler).not.toHaveBeenCalled();
    expect(errors.map((e) => e.code)).toEqual(["raw_body_unavailable"]);
  });
});

describe("h3 v1 off node (Nitro presets for fetch runtimes)", () => {
  it("toWebHandler: reads the Web Request", async () => {
    const { endpoint, handler } = setup();
    const app = createApp().use(
      createRouter().post("/paid", h3Notify(endpoint)),
    );
    const reply = await toWebHandler(app)(
      merchant.v3.paid().toRequest("http://x/paid"),
    );
    expect(reply.status).toBe(204);
    expect(handler).toHaveBeenCalledOnce();
  });

  it("toPlainHandler: a string body or a stream", async () => {
    const { endpoint, handler } = setup();
    const app = createApp().use(
      createRouter().post("/paid", h3Notify(endpoint)),
    );
    const plain = toPlainHandler(app);
    const v2 = merchant.v2.paid();
    const asText = await plain({
      method: "POST",
      path: "/paid",
      headers: v2.headers,
      body: v2.bodyText,
    });
    expect(asText.status).toBe(200);
    const v3 = merchant.v3.paid();
    const asStream = await plain({
      method: "POST",
      path: "/paid",
      headers: v3.headers,
      body: new Response(v3.body.slice()).body!,
    });
    expect(asStream.status).toBe(204);
    expect(handler).toHaveBeenCalledTimes(2);
  });
});

describe("the handler itself", () => {
  it("is marked as an h3 v1 event handler, so v1 does not wrap it", () => {
    const { endpoint } = setup();
    expect(h3Notify(endpoint).__is_handler__).toBe(true);
  });
});
