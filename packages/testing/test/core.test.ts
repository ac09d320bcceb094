// The builders against the real verifier of @wxnotify/core: every genuine
// notification is accepted, every tampered one refused for the right reason.
import {
  createNotifier,
  KNOWN_V3_EVENT_TYPES,
  type WxNotifyError,
} from "@wxnotify/core";
import { describe, expect, it } from "vitest";
import { KNOWN_EVENT_TYPES, tamper, testMerchant } from "../src/index.js";

const m = testMerchant();
const NOW = Date.parse("2025-03-01T12:00:00+08:00");
const notifier = createNotifier({ ...m.config, now: () => NOW });

async function codeOf(
  request: Parameters<typeof notifier.verify>[0],
): Promise<string> {
  try {
    await notifier.verify(request);
    return "verified";
  } catch (error) {
    return (error as WxNotifyError).code;
  }
}

describe("@wxnotify/core accepts what the builders sign", () => {
  it("v3 payments, by public key and by certificate", async () => {
    for (const via of ["publicKey", "certificate"] as const) {
      for (const variant of ["direct", "partner", "combined"] as const) {
        const n = m.v3.paid({}, { now: NOW, via, variant });
        const message = await notifier.verify(n, { expect: "paid" });
        expect(message.kind).toBe("paid");
      }
    }
  });

  it("handlePaid acknowledges a handler that returns true", async () => {
    const n = m.v3.paid({ amount: { total: 250 } }, { now: NOW });
    let seen = 0;
    const reply = await notifier.handlePaid(n, async (message) => {
      seen = message.summary.amountFen;
      return true;
    });
    expect(seen).toBe(250);
    expect([200, 204]).toContain(reply.status);
  });

  it("a Web Request works too", async () => {
    const n = m.v3.refund({}, { now: NOW });
    const message = await notifier.verify(n.toRequest(), {
      expect: "refunded",
    });
    expect(message.kind).toBe("refunded");
  });

  it("every v3 event type core types, each typed as known", async () => {
    expect([...KNOWN_EVENT_TYPES].sort()).toEqual(
      [...KNOWN_V3_EVENT_TYPES].sort(),
    );
    for (const type of KNOWN_EVENT_TYPES) {
      const message = await notifier.verify(
        m.v3.event(type, {}, { now: NOW }),
        {
          expect: "event",
        },
      );
      expect(message).toMatchObject({
        version: "v3",
        eventType: type,
        known: true,
      });
    }
  });

  it("v2 payments (MD5, HMAC with and without sign_type), refunds, scans", async () => {
    const variants = [
      m.v2.paid(),
      m.v2.paid({}, { signType: "HMAC-SHA256" }),
      m.v2.paid({}, { signType: "HMAC-SHA256", includeSignType: false }),
      m.v2.paid({}, { coupons: [{ id: "1", fee: 10 }] }),
    ];
    for (const n of variants) {
      expect((await notifier.verify(n, { expect: "paid" })).kind).toBe("paid");
    }
    const refund = await notifier.verify(m.v2.refund({ refund_fee: 30 }), {
      expect: "refunded",
    });
    expect(refund.kind).toBe("refunded");
    const scan = await notifier.verify(m.v2.scanned(), { expect: "scanned" });
    expect(scan.kind).toBe("scanned");
  });
});

describe("@wxnotify/core refuses what tamper breaks", () => {
  const n = m.v3.paid({}, { now: NOW });
  const cases: [string, () => Parameters<typeof notifier.verify>[0], string][] =
    [
      [
        "stale timestamp",
        () => tamper.staleTimestamp(n, 301),
        "timestamp_out_of_range",
      ],
      [
        "future timestamp",
        () => tamper.futureTimestamp(n, 301),
        "timestamp_out_of_range",
      ],
      ["signature probe", () => tamper.signatureProbe(n), "signature_probe"],
      ["unknown serial", () => tamper.unknownSerial(n), "unknown_serial"],
      ["flipped byte", () => tamper.flipByte(n), "signature_invalid"],
      [
        "re-serialized JSON",
        () => tamper.reserializeJson(n),
        "signature_invalid",
      ],
      ["wrong APIv3 key", () => tamper.wrongApiV3Key(n), "decryption_failed"],
      ["wrong AAD", () => tamper.wrongAad(n), "decryption_failed"],
      [
        "missing nonce",
        () => tamper.withoutHeader(n, "Wechatpay-Nonce"),
        "header_missing",
      ],
      [
        "v2 flipped byte",
        () => tamper.flipByte(m.v2.paid()),
        "signature_invalid",
      ],
      [
        "v2 wrong key",
        () => tamper.wrongApiV2Key(m.v2.paid()),
        "signature_invalid",
      ],
      [
        "v2 refund wrong key",
        () => tamper.wrongApiV2Key(m.v2.refund()),
        "decryption_failed",
      ],
      [
        "v2 unsigned",
        () => m.v2.paid({ sign: undefined }),
        "signature_missing",
      ],
    ];
  for (const [name, build, code] of cases) {
    it(name, async () => {
      expect(await codeOf(build())).toBe(code);
    });
  }

  it("a duplicate still verifies (deduplication is the handler's job)", async () => {
    expect(await codeOf(tamper.duplicate(n))).toBe("verified");
  });
});
