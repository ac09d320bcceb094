import { describe, expect, it, vi } from "vitest";
import { createNotifier, type NotifyRequest } from "@wxnotify/core";
import { KAV_V3_PUBLIC_KEY } from "./fixtures/kav.js";

const notifier = createNotifier({
  mchId: "1601959334",
  apiV2Key: "192006250b4c09247ec02edce69f6a2d",
  apiV3Key: "AES256Key-32Characters1234567890",
  wechatpayPublicKeys: [{ id: "PUB_KEY_ID_01", pem: KAV_V3_PUBLIC_KEY }],
  maxBodyBytes: 1024,
});

async function replyTo(request: NotifyRequest | Request) {
  const handler = vi.fn(() => true as const);
  const reply = await notifier.handlePaid(request, handler);
  expect(handler).not.toHaveBeenCalled();
  return reply;
}

describe("request shape", () => {
  it("refuses GET with 405 and an Allow header", async () => {
    const reply = await replyTo({ method: "GET", headers: {}, body: "" });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe("POST");
    expect(JSON.parse(reply.body)).toEqual({
      code: "FAIL",
      message: "method_not_allowed",
    });
  });

  it("refuses an empty body with 400", async () => {
    expect(
      (await replyTo({ method: "POST", headers: {}, body: new Uint8Array() }))
        .status,
    ).toBe(400);
  });

  it("refuses an oversize body with 413", async () => {
    const reply = await replyTo({
      method: "POST",
      headers: {},
      body: `<xml><a>${"x".repeat(2000)}</a></xml>`,
    });
    expect(reply.status).toBe(413);
    expect(reply.body).toContain("<return_code><![CDATA[FAIL]]></return_code>");
  });

  it("refuses an oversize Web Request while streaming it", async () => {
    const request = new Request("http://localhost/notify", {
      method: "POST",
      body: new ReadableStream({
        pull(controller) {
          controller.enqueue(new Uint8Array(600));
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect((await replyTo(request)).status).toBe(413);
  });

  it("refuses a body that is neither XML nor JSON", async () => {
    const reply = await replyTo({
      method: "POST",
      headers: {},
      body: "return_code=SUCCESS",
    });
    expect(reply.status).toBe(400);
  });

  it("explains a parsed body instead of raw bytes", async () => {
    const onError = vi.fn();
    const withHook = createNotifier({ mchId: "1", apiV2Key: "k", onError });
    const reply = await withHook.handlePaid(
      { method: "POST", headers: {}, body: { id: "x" } as unknown as string },
      () => true,
    );
    expect(reply.status).toBe(500);
    const error = onError.mock.calls[0]![0];
    expect(error.code).toBe("raw_body_unavailable");
    expect(error.message).toContain("express.json()");
  });

  it("refuses v3 JSON without WeChat Pay headers, naming them", async () => {
    const onError = vi.fn();
    const withHook = createNotifier({
      mchId: "1",
      apiV3Key: "AES256Key-32Characters1234567890",
      wechatpayPublicKeys: [{ id: "PUB_KEY_ID_01", pem: KAV_V3_PUBLIC_KEY }],
      onError,
    });
    const reply = await withHook.handlePaid(
      {
        method: "POST",
        headers: { "wechatpay-serial": "PUB_KEY_ID_01" },
        body: "{}",
      },
      () => true,
    );
    expect(reply.status).toBe(400);
    expect(onError.mock.calls[0]![0].message).toContain(
      "Wechatpay-Signature, Wechatpay-Timestamp, Wechatpay-Nonce",
    );
  });

  it("answers v2 XML when only v3 is configured with a retryable configuration error", async () => {
    const v3Only = createNotifier({
      mchId: "1",
      apiV3Key: "AES256Key-32Characters1234567890",
      wechatpayPublicKeys: [{ id: "PUB_KEY_ID_01", pem: KAV_V3_PUBLIC_KEY }],
    });
    const reply = await v3Only.handlePaid(
      {
        method: "POST",
        headers: {},
        body: "<xml><return_code>SUCCESS</return_code><sign>A</sign></xml>",
      },
      () => true,
    );
    expect(reply.status).toBe(500);
    expect(reply.body).toContain("configuration_invalid");
  });

  it("never throws, even for garbage input", async () => {
    for (const request of [
      null,
      undefined,
      42,
      "text",
      { headers: null, body: null },
    ]) {
      const reply = await notifier.handlePaid(request as never, () => true);
      expect(reply.status).toBeGreaterThanOrEqual(400);
    }
  });
});

describe("adapter hints and the reply dialect of unread bodies", () => {
  it("appends the adapter's hint to raw_body_unavailable", async () => {
    const onError = vi.fn();
    const withHook = createNotifier({ mchId: "1", apiV2Key: "k", onError });
    await withHook.handlePaid(
      {
        method: "POST",
        headers: {},
        body: undefined as unknown as string,
        rawBodyHint: "Call h3Notify before readBody().",
      },
      () => true,
    );
    expect(onError.mock.calls[0]![0].message).toContain(
      "Call h3Notify before readBody().",
    );
    expect(onError.mock.calls[0]![0].message).not.toContain("express.json");
  });

  it("answers an oversize v2 Web Request in XML, from its Content-Type", async () => {
    const request = new Request("http://localhost/notify", {
      method: "POST",
      headers: { "content-type": "text/xml; charset=utf-8" },
      body: new ReadableStream({
        pull(controller) {
          controller.enqueue(
            new TextEncoder().encode("<xml>".padEnd(600, " ")),
          );
        },
      }),
      duplex: "half",
    } as RequestInit);
    const reply = await replyTo(request);
    expect(reply.status).toBe(413);
    expect(reply.body).toContain("<return_code><![CDATA[FAIL]]></return_code>");
  });

  it("answers a parsed XML body in XML", async () => {
    const reply = await replyTo({
      method: "POST",
      headers: { "Content-Type": "application/xml" },
      body: { xml: {} } as unknown as string,
    });
    expect(reply.status).toBe(500);
    expect(reply.body).toContain("raw_body_unavailable");
    expect(reply.body).toContain("<return_code>");
  });
});
