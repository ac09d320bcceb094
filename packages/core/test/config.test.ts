import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  createNotifier,
  type NotifierConfig,
} from "@wxnotify/core";
import { KAV_V3_CERTIFICATE, KAV_V3_PUBLIC_KEY } from "./fixtures/kav.js";

const valid: NotifierConfig = {
  mchId: "1601959334",
  apiV2Key: "192006250b4c09247ec02edce69f6a2d",
  apiV3Key: "AES256Key-32Characters1234567890",
  wechatpayPublicKeys: [
    {
      id: "PUB_KEY_ID_0000000000000000000000000000000001",
      pem: KAV_V3_PUBLIC_KEY,
    },
  ],
  platformCertificates: [KAV_V3_CERTIFICATE],
};

function configError(config: NotifierConfig): ConfigurationError {
  try {
    createNotifier(config);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error("expected a ConfigurationError");
}

describe("createNotifier configuration", () => {
  it("accepts a public key and a certificate at once (migration window)", async () => {
    const notifier = createNotifier(valid);
    await expect(notifier.ready()).resolves.toBeUndefined();
  });

  it.each([
    [
      "a 31-byte APIv3 key",
      { apiV3Key: "a".repeat(31) },
      "exactly 32 bytes, it is 31",
    ],
    [
      "a 33-byte APIv3 key",
      { apiV3Key: "a".repeat(33) },
      "exactly 32 bytes, it is 33",
    ],
    ["a multi-byte APIv3 key", { apiV3Key: "密".repeat(32) }, "it is 96"],
    [
      "no mchId",
      { mchId: undefined as unknown as string },
      "mchId is required",
    ],
    ["an empty mchId list", { mchId: [] }, "mchId must be"],
    [
      "no key at all",
      {
        apiV2Key: undefined,
        apiV3Key: undefined,
        wechatpayPublicKeys: undefined,
        platformCertificates: undefined,
      },
      "Set apiV2Key",
    ],
    [
      "an APIv3 key without verification keys",
      { wechatpayPublicKeys: [], platformCertificates: [] },
      "nothing to verify",
    ],
    [
      "verification keys without an APIv3 key",
      { apiV3Key: undefined },
      "apiV3Key is not",
    ],
    [
      "a public key id without the prefix",
      { wechatpayPublicKeys: [{ id: "0000000001", pem: KAV_V3_PUBLIC_KEY }] },
      "PUB_KEY_ID_",
    ],
    [
      "an unreadable public key",
      { wechatpayPublicKeys: [{ id: "PUB_KEY_ID_01", pem: "not a pem" }] },
      "wechatpayPublicKeys[0] (PUB_KEY_ID_01)",
    ],
    [
      "a public key given as a certificate",
      { platformCertificates: [KAV_V3_PUBLIC_KEY] },
      "platformCertificates[0]",
    ],
    [
      "the same certificate twice",
      { platformCertificates: [KAV_V3_CERTIFICATE, KAV_V3_CERTIFICATE] },
      "configured twice",
    ],
    [
      "a zero tolerance",
      { timestampToleranceSeconds: 0 },
      "timestampToleranceSeconds",
    ],
    [
      "a v3 success status of 202",
      { v3SuccessStatus: 202 as 204 },
      "v3SuccessStatus",
    ],
  ])("refuses %s at start-up", (_, change, text) => {
    const error = configError({ ...valid, ...change });
    expect(error.code).toBe("configuration_invalid");
    expect(error.message).toContain(text);
    expect(error.message.startsWith("@wxnotify/core: ")).toBe(true);
  });

  it("never prints a key in an error", () => {
    const error = configError({
      ...valid,
      apiV3Key: "secret-apiv3-key-that-is-too-long!",
    });
    expect(error.message).not.toContain("secret-apiv3-key");
  });
});
