import { describe, expect, it, vi } from "vitest";
import {
  createNotifier,
  KNOWN_V3_EVENT_TYPES,
  signV2,
  nodeCryptoProvider,
  type ErrorContext,
  type NotifierConfig,
  type NotifyReply,
  type WxNotifyError,
} from "@wxnotify/core";
import {
  createTestMerchant,
  signV3,
  tamper,
  testMerchant,
} from "@wxnotify/testing";
import { parseFlatXml } from "../src/_internal/xml.js";

const merchant = testMerchant();

function setup(extra: Partial<NotifierConfig> = {}) {
  const errors: Array<{ error: WxNotifyError; context: ErrorContext }> = [];
  const notifier = createNotifier({
    ...merchant.config,
    onError: (error, context) => errors.push({ error, context }),
    ...extra,
  });
  return { notifier, errors };
}

const v2Ack = (reply: NotifyReply) => {
  expect(reply.status).toBe(200);
  expect(parseFlatXml(reply.body, "xml")).toEqual({
    return_code: "SUCCESS",
    return_msg: "OK",
  });
};

const v2Fail = (reply: NotifyReply, status: number, message?: string) => {
  expect(reply.status).toBe(status);
  expect(reply.headers["content-type"]).toMatch(/^text\/xml/);
  const fields = parseFlatXml(reply.body, "xml");
  expect(fields.return_code).toBe("FAIL");
  if (message !== undefined) expect(fields.return_msg).toBe(message);
};

const v3Fail = (reply: NotifyReply, status: number, message?: string) => {
  expect(reply.status).toBe(status);
  expect(reply.headers["content-type"]).toMatch(/^application\/json/);
  const body = JSON.parse(reply.body);
  expect(body.code).toBe("FAIL");
  if (message !== undefined) expect(body.message).toBe(message);
};

describe("round trips of every kind", () => {
  it.each([
    ["MD5", { signType: "MD5" as const }],
    [
      "HMAC-SHA256 with sign_type",
      { signType: "HMAC-SHA256" as const, includeSignType: true },
    ],
    [
      "HMAC-SHA256 without sign_type",
      { signType: "HMAC-SHA256" as const, includeSignType: false },
    ],
  ])("v2 payment signed with %s", async (_, options) => {
    const { notifier, errors } = setup();
    const notification = merchant.v2.paid(
      { out_trade_no: "000123", total_fee: 2500 },
      { ...options, coupons: [{ id: "C1", fee: 500 }] },
    );
    const handler = vi.fn((_message: any) => true);
    v2Ack(await notifier.handlePaid(notification, handler));
    expect(errors).toEqual([]);
    const message = handler.mock.calls[0]![0];
    expect(message).toMatchObject({
      version: "v2",
      kind: "paid",
      signType: options.signType,
      coupons: [{ id: "C1", type: "CASH", fee: "500" }],
      summary: { outTradeNo: "000123", amountFen: 2500, succeeded: true },
    });
    expect(message.fields.cash_fee).toBe("2000");
  });

  it("v2 payment with result_code=FAIL reaches the handler as not succeeded", async () => {
    const { notifier } = setup();
    const handler = vi.fn((_message: any) => true);
    const notification = merchant.v2.paid({
      result_code: "FAIL",
      err_code: "SYSTEMERROR",
      transaction_id: undefined,
    });
    v2Ack(await notifier.handlePaid(notification, handler));
    expect(handler.mock.calls[0]![0].summary.succeeded).toBe(false);
  });

  it("v2 refund: req_info decrypted, summary in fen", async () => {
    const { notifier, errors } = setup();
    const notification = merchant.v2.refund({
      out_refund_no: "R0001",
      refund_fee: 30,
      total_fee: 100,
    });
    const handler = vi.fn((_message: any) => true);
    v2Ack(await notifier.handleRefunded(notification, handler));
    expect(errors).toEqual([]);
    expect(handler.mock.calls[0]![0]).toMatchObject({
      version: "v2",
      kind: "refunded",
      refund: { out_refund_no: "R0001", refund_recv_accout: "支付用户零钱" },
      summary: {
        outRefundNo: "R0001",
        refundFen: 30,
        totalFen: 100,
        succeeded: true,
        status: "SUCCESS",
      },
    });
  });

  it("v2 scan: a returned prepay_id becomes a signed reply", async () => {
    const { notifier } = setup();
    const notification = merchant.v2.scanned({ product_id: "SKU-9" });
    const handler = vi.fn(
      (_message: any) => "wx201410272009395522657a690389285100",
    );
    const reply = await notifier.handleScanned(notification, handler);
    expect(handler.mock.calls[0]![0]).toMatchObject({
      kind: "scanned",
      productId: "SKU-9",
    });
    expect(reply.status).toBe(200);
    const fields = parseFlatXml(reply.body, "xml");
    expect(fields).toMatchObject({
      return_code: "SUCCESS",
      result_code: "SUCCESS",
      appid: merchant.appId,
      mch_id: merchant.mchId,
      prepay_id: "wx201410272009395522657a690389285100",
    });
    expect(fields.nonce_str).toMatch(/^[0-9A-F]{32}$/);
    expect(fields.sign).toBe(
      await signV2(nodeCryptoProvider, fields, merchant.apiV2Key, "MD5"),
    );
  });

  it("v2 scan signed with HMAC gets an HMAC-signed reply", async () => {
    const { notifier } = setup();
    const reply = await notifier.handleScanned(
      merchant.v2.scanned({}, { signType: "HMAC-SHA256" }),
      () => "prepay-1",
    );
    const fields = parseFlatXml(reply.body, "xml");
    expect(fields.sign).toHaveLength(64);
    expect(fields.sign).toBe(
      await signV2(
        nodeCryptoProvider,
        fields,
        merchant.apiV2Key,
        "HMAC-SHA256",
      ),
    );
  });

  it.each(["publicKey", "certificate"] as const)(
    "v3 payment verified by the %s",
    async (via) => {
      const { notifier, errors } = setup();
      const notification = merchant.v3.paid(
        { out_trade_no: "S1", amount: { total: 888 } },
        { via },
      );
      const handler = vi.fn((_message: any) => true);
      const reply = await notifier.handlePaid(notification, handler);
      expect(errors).toEqual([]);
      expect(reply).toEqual({ status: 204, headers: {}, body: "" });
      const message = handler.mock.calls[0]![0];
      expect(message).toMatchObject({
        version: "v3",
        kind: "paid",
        eventType: "TRANSACTION.SUCCESS",
        serial: notification.serial,
        summary: {
          outTradeNo: "S1",
          amountFen: 888,
          currency: "CNY",
          succeeded: true,
        },
      });
      expect(message.resource).toEqual(notification.resource);
    },
  );

  it("v3 partner payment", async () => {
    const { notifier } = setup();
    const handler = vi.fn((_message: any) => true);
    const notification = merchant.v3.paid({}, { variant: "partner" });
    expect((await notifier.handlePaid(notification, handler)).status).toBe(204);
    expect(handler.mock.calls[0]![0].resource).toHaveProperty(
      "sp_mchid",
      merchant.mchId,
    );
  });

  it.each([
    [
      "partner, own sp_mchid",
      () => merchant.v3.paid({}, { variant: "partner" }),
      204,
    ],
    [
      "partner, foreign sp_mchid",
      () =>
        merchant.v3.paid({ sp_mchid: "1111111111" }, { variant: "partner" }),
      403,
    ],
    [
      "partner, foreign sp_appid",
      () =>
        merchant.v3.paid(
          { sp_appid: "wx0000000000000000" },
          { variant: "partner" },
        ),
      403,
    ],
    [
      "combined, foreign combine_mchid",
      () =>
        merchant.v3.paid(
          { combine_mchid: "1111111111" },
          { variant: "combined" },
        ),
      403,
    ],
    [
      "combined, foreign combine_appid",
      () =>
        merchant.v3.paid(
          { combine_appid: "wx0000000000000000" },
          { variant: "combined" },
        ),
      403,
    ],
    [
      "direct, no mchid at all",
      () => merchant.v3.paid({ mchid: null as never }),
      403,
    ],
  ] as const)(
    "v3 payment merchant check: %s",
    async (_, notification, status) => {
      const { notifier, errors } = setup();
      const reply = await notifier.handlePaid(notification(), () => true);
      expect(reply.status).toBe(status);
      if (status === 403) {
        expect(errors.map(({ error }) => error.code)).toEqual([
          "merchant_mismatch",
        ]);
      }
    },
  );

  it("v3 refund merchant check: sp_mchid of a partner refund, foreign mchid refused", async () => {
    const { notifier, errors } = setup();
    const partner = merchant.v3.refund({}, { variant: "partner" });
    expect((await notifier.handleRefunded(partner, () => true)).status).toBe(
      204,
    );
    const foreign = merchant.v3.refund({ mchid: "1111111111" });
    expect((await notifier.handleRefunded(foreign, () => true)).status).toBe(
      403,
    );
    expect(errors.map(({ error }) => error.message)).toEqual([
      expect.stringContaining("merchant 1111111111"),
    ]);
  });

  it("v3 combined payment sums its sub-orders", async () => {
    const { notifier } = setup();
    const handler = vi.fn((_message: any) => true);
    const notification = merchant.v3.paid({}, { variant: "combined" });
    expect((await notifier.handlePaid(notification, handler)).status).toBe(204);
    const { summary } = handler.mock.calls[0]![0];
    const subOrders = notification.resource.sub_orders as Array<{
      amount: { total_amount: number };
    }>;
    expect(summary.subOrders).toHaveLength(subOrders.length);
    expect(summary.amountFen).toBe(
      subOrders.reduce((sum, order) => sum + order.amount.total_amount, 0),
    );
    expect(summary.outTradeNo).toBe(notification.resource.combine_out_trade_no);
  });

  it.each(["SUCCESS", "ABNORMAL", "CLOSED"] as const)(
    "v3 refund %s",
    async (status) => {
      const { notifier } = setup();
      const handler = vi.fn((_message: any) => true);
      const notification = merchant.v3.refund(
        { amount: { refund: 40, total: 100 } },
        { status },
      );
      expect(
        (await notifier.handleRefunded(notification, handler)).status,
      ).toBe(204);
      expect(handler.mock.calls[0]![0]).toMatchObject({
        eventType: `REFUND.${status}`,
        summary: {
          refundFen: 40,
          totalFen: 100,
          status,
          succeeded: status === "SUCCESS",
        },
      });
    },
  );

  it.each([...KNOWN_V3_EVENT_TYPES])(
    "v3 %s through handleEvent, typed",
    async (eventType) => {
      const { notifier, errors } = setup();
      const handler = vi.fn((_message: any) => true);
      const notification = merchant.v3.event(eventType);
      expect((await notifier.handleEvent(notification, handler)).status).toBe(
        204,
      );
      expect(errors).toEqual([]);
      expect(handler.mock.calls[0]![0]).toMatchObject({
        version: "v3",
        kind: "event",
        eventType,
        known: true,
        resource: notification.resource,
      });
    },
  );

  it("v3 unknown event types are verified and delivered, never silently acknowledged", async () => {
    const { notifier, errors } = setup();
    const notification = merchant.v3.event("SECURITY_ECHO.TEST", {
      echo: "abc",
    });
    const handler = vi.fn((_message: any) => undefined);
    const reply = await notifier.handleEvent(notification, handler);
    expect(handler.mock.calls[0]![0]).toMatchObject({
      eventType: "SECURITY_ECHO.TEST",
      known: false,
      resource: { echo: "abc" },
    });
    v3Fail(reply, 500);
    expect(errors[0]!.error.code).toBe("handler_not_acknowledged");
    expect(errors[0]!.context).toMatchObject({
      entry: "event",
      version: "v3",
      eventType: "SECURITY_ECHO.TEST",
    });
  });

  it("v3 payments and refunds at handleEvent carry their summary and are checked for the merchant", async () => {
    const { notifier, errors } = setup();
    const seen: unknown[] = [];
    const handler = (message: any) => {
      seen.push([message.kind, message.summary]);
      return true as const;
    };
    await notifier.handleEvent(
      merchant.v3.paid({ out_trade_no: "E1", amount: { total: 5 } }),
      handler,
    );
    await notifier.handleEvent(
      merchant.v3.refund({
        out_refund_no: "ER1",
        amount: { refund: 3, total: 5 },
      }),
      handler,
    );
    await notifier.handleEvent(merchant.v3.event("COUPON.USE"), handler);
    expect(seen).toEqual([
      [
        "event",
        expect.objectContaining({
          outTradeNo: "E1",
          amountFen: 5,
          succeeded: true,
        }),
      ],
      [
        "event",
        expect.objectContaining({
          outRefundNo: "ER1",
          refundFen: 3,
          totalFen: 5,
        }),
      ],
      ["event", undefined],
    ]);
    const foreign = await notifier.handleEvent(
      merchant.v3.paid({ mchid: "1230000109" }),
      handler,
    );
    expect(foreign.status).toBe(403);
    expect(errors.map(({ error }) => error.code)).toEqual([
      "merchant_mismatch",
    ]);
  });

  it("handleEvent takes v2 payments and refunds too", async () => {
    const { notifier } = setup();
    const handler = vi.fn((_message: any) => true);
    v2Ack(await notifier.handleEvent(merchant.v2.paid(), handler));
    v2Ack(await notifier.handleEvent(merchant.v2.refund(), handler));
    expect(handler.mock.calls.map(([message]) => message.kind)).toEqual([
      "paid",
      "refunded",
    ]);
  });

  it("answers 200 instead of 204 when configured", async () => {
    const { notifier } = setup({ v3SuccessStatus: 200 });
    expect(
      (await notifier.handlePaid(merchant.v3.paid(), () => true)).status,
    ).toBe(200);
  });

  it("accepts a Web Request", async () => {
    const { notifier } = setup();
    const handler = vi.fn((_message: any) => true);
    const reply = await notifier.handlePaid(
      merchant.v3.paid().toRequest("https://example.test/notify"),
      handler,
    );
    expect(reply.status).toBe(204);
    v2Ack(await notifier.handlePaid(merchant.v2.paid().toRequest(), handler));
  });
});

describe("several verification keys at once", () => {
  it("verifies by whichever key Wechatpay-Serial names (rotation and migration)", async () => {
    const next = createTestMerchant({
      mchId: merchant.mchId,
      appId: merchant.appId,
      apiV3Key: merchant.apiV3Key,
    });
    const { notifier, errors } = setup({
      wechatpayPublicKeys: [
        { id: merchant.publicKeyId, pem: merchant.publicKeyPem },
      ],
      platformCertificates: [merchant.certificatePem, next.certificatePem],
    });
    const handler = vi.fn((_message: any) => true);
    for (const notification of [
      merchant.v3.paid({}, { via: "publicKey" }),
      merchant.v3.paid({}, { via: "certificate" }),
      next.v3.paid({}, { via: "certificate" }),
    ]) {
      expect((await notifier.handlePaid(notification, handler)).status).toBe(
        204,
      );
    }
    expect(handler.mock.calls.map(([message]) => message.serial)).toEqual([
      merchant.publicKeyId,
      merchant.certificateSerial,
      next.certificateSerial,
    ]);
    // A key never stands in for another: the next certificate's signature
    // under the old serial is refused.
    const swapped = tamper.unknownSerial(
      next.v3.paid({}, { via: "certificate" }),
      merchant.certificateSerial,
    );
    expect((await notifier.handlePaid(swapped, handler)).status).toBe(401);
    expect(errors.map(({ error }) => error.code)).toEqual([
      "signature_invalid",
    ]);
  });

  it("matches a lower-case hex serial to its certificate", async () => {
    const { notifier } = setup();
    const notification = merchant.v3.paid(
      {},
      { serial: merchant.certificateSerial.toLowerCase() },
    );
    expect((await notifier.handlePaid(notification, () => true)).status).toBe(
      204,
    );
  });

  it.each([
    ["lower-case", (name: string) => name.toLowerCase()],
    ["as sent", (name: string) => name],
    ["upper-case", (name: string) => name.toUpperCase()],
  ])(
    "accepts header names %s without the optional Wechatpay-Signature-Type",
    async (_, rename) => {
      const { notifier } = setup();
      const n = merchant.v3.paid();
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(n.headers)) {
        if (name !== "Wechatpay-Signature-Type") headers[rename(name)] = value;
      }
      expect(
        (await notifier.handlePaid({ ...n, headers }, () => true)).status,
      ).toBe(204);
    },
  );
});

/** A v3 payment with lower-case header names and an SM2 signature type under `typeHeader`. */
function sm2Typed(typeHeader: string) {
  const n = merchant.v3.paid();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(n.headers)) {
    if (name !== "Wechatpay-Signature-Type")
      headers[name.toLowerCase()] = value;
  }
  headers[typeHeader] = "WECHATPAY2-SM2-WITH-SM3";
  return { ...n, headers };
}

describe("failures: right reply, handler never called, right code", () => {
  const cases: Array<
    [
      string,
      () => {
        request: Parameters<
          ReturnType<typeof setup>["notifier"]["handlePaid"]
        >[0];
        config?: Partial<NotifierConfig>;
      },
      number,
      string,
    ]
  > = [
    [
      "v3 flipped body byte",
      () => ({ request: tamper.flipByte(merchant.v3.paid()) }),
      401,
      "signature_invalid",
    ],
    [
      "v3 re-serialized JSON",
      () => ({ request: tamper.reserializeJson(merchant.v3.paid()) }),
      401,
      "signature_invalid",
    ],
    [
      "v3 stale timestamp",
      () => ({ request: tamper.staleTimestamp(merchant.v3.paid(), 400) }),
      401,
      "timestamp_out_of_range",
    ],
    [
      "v3 future timestamp",
      () => ({ request: tamper.futureTimestamp(merchant.v3.paid(), 400) }),
      401,
      "timestamp_out_of_range",
    ],
    [
      "v3 signature probe",
      () => ({ request: tamper.signatureProbe(merchant.v3.paid()) }),
      401,
      "signature_probe",
    ],
    [
      "v3 unknown serial",
      () => ({ request: tamper.unknownSerial(merchant.v3.paid()) }),
      401,
      "unknown_serial",
    ],
    [
      "v3 wrong APIv3 key",
      () => ({ request: tamper.wrongApiV3Key(merchant.v3.paid()) }),
      401,
      "decryption_failed",
    ],
    [
      "v3 wrong AAD",
      () => ({ request: tamper.wrongAad(merchant.v3.paid()) }),
      401,
      "decryption_failed",
    ],
    [
      "v3 truncated ciphertext",
      () => ({
        request: merchant.v3.paid(
          {},
          { envelope: { resource: { ciphertext: "AAAA" } } },
        ),
      }),
      401,
      "decryption_failed",
    ],
    [
      "v3 non-base64 ciphertext",
      () => ({
        request: merchant.v3.paid(
          {},
          { envelope: { resource: { ciphertext: "not base64!" } } },
        ),
      }),
      401,
      "decryption_failed",
    ],
    [
      "v3 SM4 resource",
      () => ({
        request: merchant.v3.paid(
          {},
          { envelope: { resource: { algorithm: "AEAD_SM4_GCM" } } },
        ),
      }),
      400,
      "unsupported_algorithm",
    ],
    [
      "v3 another merchant",
      () => ({ request: merchant.v3.paid({ mchid: "1111111111" }) }),
      403,
      "merchant_mismatch",
    ],
    [
      "v3 another app",
      () => ({ request: merchant.v3.paid({ appid: "wx0000000000000000" }) }),
      403,
      "merchant_mismatch",
    ],
    [
      "v3 amount not an integer",
      () => ({ request: merchant.v3.paid({ amount: { total: 1.5 } }) }),
      400,
      "body_malformed",
    ],
    [
      "v3 refund at the payment URL",
      () => ({ request: merchant.v3.refund() }),
      400,
      "unexpected_notification",
    ],
    [
      "v3 timestamp with leading zero",
      () => ({
        request: merchant.v3.paid(
          {},
          { timestamp: `0${Math.floor(Date.now() / 1000)}` },
        ),
      }),
      400,
      "header_invalid",
    ],
    [
      "v3 SM2 signature type",
      () => {
        const n = merchant.v3.paid();
        return {
          request: {
            ...n,
            headers: {
              ...n.headers,
              "Wechatpay-Signature-Type": "WECHATPAY2-SM2-WITH-SM3",
            },
          },
        };
      },
      400,
      "unsupported_algorithm",
    ],
    [
      "v3 SM2 signature type, node-style lower-case header names",
      () => ({ request: sm2Typed("wechatpay-signature-type") }),
      400,
      "unsupported_algorithm",
    ],
    [
      "v3 SM2 signature type, the only upper-case header name",
      () => ({ request: sm2Typed("WECHATPAY-SIGNATURE-TYPE") }),
      400,
      "unsupported_algorithm",
    ],
    [
      "v3 missing nonce header",
      () => {
        const n = merchant.v3.paid();
        const { "Wechatpay-Nonce": _, ...headers } = n.headers;
        return { request: { ...n, headers } };
      },
      400,
      "header_missing",
    ],
    [
      "v3 signed malformed JSON",
      () => {
        const n = merchant.v3.paid();
        const body = new TextEncoder().encode('{"id":"x",');
        return {
          request: {
            ...n,
            body,
            headers: {
              ...n.headers,
              "Wechatpay-Signature": signV3(
                n.timestamp,
                n.nonce,
                body,
                merchant.privateKeyPem,
              ),
            },
          },
        };
      },
      400,
      "body_malformed",
    ],
    [
      "v2 flipped byte",
      () => ({ request: tamper.flipByte(merchant.v2.paid()) }),
      401,
      "signature_invalid",
    ],
    [
      "v2 wrong APIv2 key",
      () => ({ request: tamper.wrongApiV2Key(merchant.v2.paid()) }),
      401,
      "signature_invalid",
    ],
    [
      "v2 missing sign",
      () => ({ request: merchant.v2.paid({ sign: undefined }) }),
      401,
      "signature_missing",
    ],
    [
      "v2 sign_type says MD5, sign is HMAC",
      () => ({
        request: merchant.v2.paid(
          {},
          { signType: "HMAC-SHA256", includeSignType: false },
        ),
        config: { v2SignType: "MD5" },
      }),
      401,
      "signature_invalid",
    ],
    [
      "v2 unknown sign_type",
      () => ({ request: merchant.v2.paid({ sign_type: "SHA1" }) }),
      400,
      "unsupported_algorithm",
    ],
    [
      "v2 another merchant",
      () => ({ request: merchant.v2.paid({ mch_id: "1111111111" }) }),
      403,
      "merchant_mismatch",
    ],
    [
      "v2 return_code FAIL",
      () => ({
        request: merchant.v2.paid({
          return_code: "FAIL",
          return_msg: "签名失败",
        }),
      }),
      400,
      "communication_failure",
    ],
    [
      "v2 total_fee not a number",
      () => ({ request: merchant.v2.paid({ total_fee: "1e2" }) }),
      400,
      "body_malformed",
    ],
    [
      "v2 refund at the payment URL",
      () => ({ request: merchant.v2.refund() }),
      400,
      "unexpected_notification",
    ],
    [
      "v2 malformed XML",
      () => ({
        request: {
          method: "POST",
          headers: {},
          body: "<xml><return_code>SUCCESS</xml>",
        },
      }),
      400,
      "body_malformed",
    ],
  ];

  it.each(cases)("%s", async (_, make, status, code) => {
    const { request, config } = make();
    const { notifier, errors } = setup(config);
    const handler = vi.fn((_message: any) => true);
    const reply = await notifier.handlePaid(request, handler);
    expect(handler).not.toHaveBeenCalled();
    expect(errors.map(({ error }) => error.code)).toEqual([code]);
    const body = (request as { body: Uint8Array | string }).body;
    const text =
      typeof body === "string" ? body : new TextDecoder().decode(body);
    const isV2 = text.trimStart().startsWith("<");
    if (isV2) v2Fail(reply, status, code);
    else v3Fail(reply, status, code);
  });

  it("v2 refund with a wrong APIv2 key", async () => {
    const { notifier, errors } = setup();
    const handler = vi.fn((_message: any) => true);
    v2Fail(
      await notifier.handleRefunded(
        tamper.wrongApiV2Key(merchant.v2.refund()),
        handler,
      ),
      401,
    );
    expect(handler).not.toHaveBeenCalled();
    expect(errors[0]!.error.code).toBe("decryption_failed");
  });

  it("v2 refund with truncated req_info", async () => {
    const { notifier, errors } = setup();
    const n = merchant.v2.refund();
    const body = n.bodyText.replace(
      /<req_info><!\[CDATA\[(.*?)\]\]>/,
      (_, value: string) => `<req_info><![CDATA[${value.slice(0, 20)}]]>`,
    );
    v2Fail(await notifier.handleRefunded({ ...n, body }, () => true), 401);
    expect(errors[0]!.error.code).toBe("decryption_failed");
  });

  it("v2 scan with a bad sign is refused before the handler", async () => {
    const { notifier, errors } = setup();
    const handler = vi.fn((_message: any) => "prepay");
    v2Fail(
      await notifier.handleScanned(
        tamper.flipByte(merchant.v2.scanned()),
        handler,
      ),
      401,
    );
    expect(handler).not.toHaveBeenCalled();
    expect(errors[0]!.error.code).toBe("signature_invalid");
  });

  it("a v3 notification at the scan URL is unexpected", async () => {
    const { notifier, errors } = setup();
    v3Fail(await notifier.handleScanned(merchant.v3.paid(), () => "x"), 400);
    expect(errors[0]!.error.code).toBe("unexpected_notification");
  });

  it("the timestamp tolerance is configurable and the clock injectable", async () => {
    const sentAt = Date.UTC(2030, 0, 1);
    const notification = merchant.v3.paid({}, { now: sentAt });
    const strict = setup({
      timestampToleranceSeconds: 60,
      now: () => sentAt + 61_000,
    });
    v3Fail(await strict.notifier.handlePaid(notification, () => true), 401);
    expect(strict.errors[0]!.error).toMatchObject({
      code: "timestamp_out_of_range",
      skewSeconds: -61,
    });
    const lenient = setup({
      timestampToleranceSeconds: 120,
      now: () => sentAt + 61_000,
    });
    expect(
      (await lenient.notifier.handlePaid(notification, () => true)).status,
    ).toBe(204);
  });

  it("a duplicate delivery is verified and handled again (idempotency is the handler's)", async () => {
    const { notifier } = setup();
    const notification = merchant.v3.paid();
    const handler = vi.fn((_message: any) => true);
    await notifier.handlePaid(notification, handler);
    await notifier.handlePaid(notification, handler);
    expect(handler).toHaveBeenCalledTimes(2);
  });
});

describe("closure outcomes", () => {
  it.each(["v2", "v3"] as const)(
    "%s: fail(msg) asks for a retry with msg",
    async (version) => {
      const { notifier, errors } = setup();
      const notification =
        version === "v2" ? merchant.v2.paid() : merchant.v3.paid();
      const reply = await notifier.handlePaid(notification, (_, { fail }) =>
        fail("database down"),
      );
      if (version === "v2") v2Fail(reply, 500, "database down");
      else v3Fail(reply, 500, "database down");
      expect(errors[0]!.error.code).toBe("handler_failed");
    },
  );

  it("fail() wins over a later return true", async () => {
    const { notifier } = setup();
    const reply = await notifier.handlePaid(
      merchant.v3.paid(),
      (_, { fail }) => {
        fail("not yet");
        return true;
      },
    );
    v3Fail(reply, 500, "not yet");
  });

  it.each(["v2", "v3"] as const)(
    "%s: a throw is never acknowledged and does not leak",
    async (version) => {
      const { notifier, errors } = setup();
      const notification =
        version === "v2" ? merchant.v2.paid() : merchant.v3.paid();
      const reply = await notifier.handlePaid(notification, async () => {
        throw new Error("secret connection string");
      });
      expect(reply.status).toBe(500);
      expect(reply.body).not.toContain("secret");
      expect(errors[0]!.error.code).toBe("handler_threw");
      expect(errors[0]!.error.message).toContain("secret connection string");
      expect(errors[0]!.error.cause).toBeInstanceOf(Error);
    },
  );

  it.each([
    ["undefined", undefined],
    ["false", false],
    ["a string", "ok"],
    ["an object", { ok: true }],
    ["1", 1],
  ])("returning %s is not an acknowledgment", async (_, value) => {
    const { notifier, errors } = setup();
    const reply = await notifier.handlePaid(
      merchant.v3.paid(),
      () => value as never,
    );
    v3Fail(reply, 500);
    expect(errors[0]!.error.code).toBe("handler_not_acknowledged");
    expect(errors[0]!.error.message).toContain("Return true");
  });

  it.each([
    [
      "a synchronous throw",
      () => {
        throw new Error("boom");
      },
    ],
    [
      "a result whose then getter throws",
      () =>
        ({
          get then() {
            throw new Error("then getter");
          },
        }) as never,
    ],
  ])("%s is never acknowledged either", async (_, handler) => {
    const { notifier, errors } = setup();
    const reply = await notifier.handlePaid(merchant.v3.paid(), handler);
    v3Fail(reply, 500);
    expect(errors[0]!.error.code).toBe("handler_threw");
  });

  it("a handler returning a thenable that is not a Promise is awaited", async () => {
    const { notifier, errors } = setup();
    // Typed handlers return promises; a JavaScript caller may return any
    // thenable (another promise library, a query builder).
    const acknowledged = await notifier.handlePaid(
      merchant.v3.paid(),
      () =>
        ({
          then: (resolve: (value: boolean) => void) =>
            setTimeout(() => resolve(true), 5),
        }) as never,
    );
    expect(acknowledged.status).toBe(204);
    const refused = await notifier.handlePaid(
      merchant.v3.paid(),
      () =>
        ({
          then: (_: unknown, reject: (error: Error) => void) =>
            reject(new Error("late failure")),
        }) as never,
    );
    v3Fail(refused, 500);
    expect(errors[0]!.error.code).toBe("handler_threw");
  });

  it("an async handler is awaited", async () => {
    const { notifier } = setup();
    let done = false;
    const reply = await notifier.handlePaid(merchant.v2.paid(), async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      done = true;
      return true;
    });
    expect(done).toBe(true);
    v2Ack(reply);
  });

  it("scan: alert(msg) is a signed business error shown to the payer, not retried", async () => {
    const { notifier, errors } = setup();
    const reply = await notifier.handleScanned(
      merchant.v2.scanned(),
      (_, { alert }) => alert("商品已售完"),
    );
    expect(reply.status).toBe(200);
    const fields = parseFlatXml(reply.body, "xml");
    expect(fields).toMatchObject({
      return_code: "SUCCESS",
      result_code: "FAIL",
      err_code_des: "商品已售完",
    });
    expect(fields.prepay_id).toBeUndefined();
    expect(fields.sign).toBe(
      await signV2(nodeCryptoProvider, fields, merchant.apiV2Key, "MD5"),
    );
    expect(errors).toEqual([]);
  });

  it("scan: fail(msg) is a signed communication failure", async () => {
    const { notifier, errors } = setup();
    const reply = await notifier.handleScanned(
      merchant.v2.scanned(),
      (_, { fail }) => fail("unified order failed"),
    );
    expect(reply.status).toBe(500);
    const fields = parseFlatXml(reply.body, "xml");
    expect(fields).toMatchObject({
      return_code: "FAIL",
      return_msg: "unified order failed",
    });
    expect(fields.sign).toBe(
      await signV2(nodeCryptoProvider, fields, merchant.apiV2Key, "MD5"),
    );
    expect(errors[0]!.error.code).toBe("handler_failed");
  });

  it("scan: returning true without a prepay_id is not an acknowledgment", async () => {
    const { notifier, errors } = setup();
    v2Fail(
      await notifier.handleScanned(merchant.v2.scanned(), () => true),
      500,
    );
    expect(errors[0]!.error.message).toContain("prepay_id");
  });

  it("an onError hook that throws does not break the reply", async () => {
    const notifier = createNotifier({
      ...merchant.config,
      onError: () => {
        throw new Error("logger down");
      },
    });
    v3Fail(
      await notifier.handlePaid(
        tamper.flipByte(merchant.v3.paid()),
        () => true,
      ),
      401,
    );
  });
});

describe("endpoints for adapters", () => {
  it("binds each entry to its handler and carries the body limit", async () => {
    const { notifier } = setup({ maxBodyBytes: 4096 });
    const paid = notifier.paid(() => true);
    expect(paid.maxBodyBytes).toBe(4096);
    expect((await paid(merchant.v3.paid())).status).toBe(204);
    expect(
      (await notifier.refunded(() => true)(merchant.v3.refund())).status,
    ).toBe(204);
    expect(
      (await notifier.event(() => true)(merchant.v3.event("COUPON.USE")))
        .status,
    ).toBe(204);
    const scanned = await notifier.scanned(() => "prepay-1")(
      merchant.v2.scanned(),
    );
    expect(scanned.body).toContain("prepay-1");
    expect((await paid(merchant.v3.refund())).status).toBe(400);
  });
});

describe("promises, never synchronous throws", () => {
  // With node:crypto every step runs synchronously; a failure must still
  // arrive as a rejection (verify) or a reply (handlers), never as a throw
  // at the call site, which an adapter or a caller's .catch() would miss.
  const failing: Array<[string, () => unknown]> = [
    ["a GET", () => ({ ...merchant.v3.paid(), method: "GET" })],
    ["a parsed body", () => ({ headers: {}, body: { id: 1 } })],
    ["no request at all", () => null],
    ["an altered v3 body", () => tamper.flipByte(merchant.v3.paid())],
    [
      "a v3 timestamp 400 s old",
      () => tamper.staleTimestamp(merchant.v3.paid(), 400),
    ],
    ["an altered v2 payment", () => tamper.flipByte(merchant.v2.paid())],
    ["an altered refund", () => tamper.flipByte(merchant.v2.refund())],
    ["a payment where a refund is expected", () => merchant.v2.paid()],
  ];

  it.each(failing)("verify() rejects %s", async (_, request) => {
    const { notifier } = setup();
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = notifier.verify(request() as never, { expect: "refunded" });
    }).not.toThrow();
    expect(pending).toBeInstanceOf(Promise);
    const error = await pending!.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect((error as WxNotifyError).code).toMatch(/^[a-z_]+$/);
  });

  it.each(failing)("handleRefunded() answers %s", async (_, request) => {
    const { notifier, errors } = setup();
    const handler = vi.fn(() => true);
    let pending: Promise<NotifyReply> | undefined;
    expect(() => {
      pending = notifier.handleRefunded(request() as never, handler);
    }).not.toThrow();
    expect(pending).toBeInstanceOf(Promise);
    expect((await pending!).status).toBeGreaterThanOrEqual(400);
    expect(handler).not.toHaveBeenCalled();
    expect(errors).toHaveLength(1);
  });

  it("verify() and a handler resolve with node:crypto", async () => {
    const { notifier } = setup();
    const verifying = notifier.verify(merchant.v2.refund(), {
      expect: "refunded",
    });
    expect(verifying).toBeInstanceOf(Promise);
    expect((await verifying).kind).toBe("refunded");
    const handling = notifier.handleRefunded(merchant.v2.refund(), () => true);
    expect(handling).toBeInstanceOf(Promise);
    expect((await handling).status).toBe(200);
  });
});

describe("diagnostics", () => {
  it("says a re-serialized body is the likely cause, without printing it", async () => {
    const { notifier, errors } = setup();
    const notification = merchant.v3.paid();
    await notifier.handlePaid(tamper.reserializeJson(notification), () => true);
    const { message } = errors[0]!.error;
    expect(message).toContain("re-serialized");
    expect(message).toContain(notification.serial);
    expect(message).not.toContain(
      notification.envelope.resource.ciphertext.slice(0, 24),
    );
  });

  it("recognises camelCase keys and pretty-printing as re-serialization", async () => {
    const { notifier, errors } = setup();
    const notification = merchant.v3.paid();
    const camel = notification.bodyText.replace('"event_type"', '"eventType"');
    const pretty = JSON.stringify(JSON.parse(notification.bodyText), null, 2);
    await notifier.handlePaid({ ...notification, body: camel }, () => true);
    await notifier.handlePaid({ ...notification, body: pretty }, () => true);
    expect(errors[0]!.error.message).toContain("camelCase");
    expect(errors[1]!.error.message).toContain("pretty-printed");
  });

  it("says a body with replacement characters was decoded with the wrong charset", async () => {
    const { notifier, errors } = setup();
    const notification = merchant.v3.paid();
    const mangled = notification.bodyText.replace("支付成功", "\uFFFD\uFFFD");
    await notifier.handlePaid({ ...notification, body: mangled }, () => true);
    expect(errors[0]!.error.message).toContain("charset");
  });
});

describe("expired platform certificates", () => {
  it("refuses a signature under a certificate past its notAfter", async () => {
    // The test merchant's certificate runs until 2049-12-31.
    const late = Date.UTC(2050, 0, 2);
    const { notifier, errors } = setup({ now: () => late });
    const handler = vi.fn((_message: any) => true);
    const byCertificate = merchant.v3.paid(
      {},
      { via: "certificate", now: late },
    );
    const reply = await notifier.handlePaid(byCertificate, handler);
    expect(reply.status).toBe(401);
    expect(handler).not.toHaveBeenCalled();
    expect(errors[0]!.error.code).toBe("certificate_expired");
    expect(errors[0]!.error.message).toContain("2049-12-31");
    // The WeChat Pay public key has no expiry.
    const byPublicKey = merchant.v3.paid({}, { via: "publicKey", now: late });
    expect((await notifier.handlePaid(byPublicKey, handler)).status).toBe(204);
  });
});
