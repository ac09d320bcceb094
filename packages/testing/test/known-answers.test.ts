// The signer checked against the published and derived vectors of spec §8,
// with node:crypto only: if it agreed with the verifier on a wrong answer,
// these would catch it.
import { createDecipheriv, createHash, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createTestMerchant,
  encryptReqInfo,
  encryptV3Resource,
  signV2,
  testMerchant,
  toV2Xml,
  v2StringToSign,
  v3Message,
} from "../src/index.js";

describe("KAV-V2-1 official signing example", () => {
  const key = "192006250b4c09247ec02edce69f6a2d";
  const fields = {
    appid: "wxd930ea5d5a258f4f",
    mch_id: "10000100",
    device_info: "1000",
    body: "test",
    nonce_str: "ibuaiVcKdpRxkhJA",
  };

  it("builds stringSignTemp", () => {
    expect(v2StringToSign(fields, key)).toBe(
      "appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&key=192006250b4c09247ec02edce69f6a2d",
    );
  });

  it("signs with MD5 and HMAC-SHA256", () => {
    expect(signV2(fields, key, "MD5")).toBe("9A0A8659F005D6984697E2CA0A9CF3B7");
    expect(signV2(fields, key, "HMAC-SHA256")).toBe(
      "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6",
    );
  });
});

describe("KAV-V2-2 easywechat PaidTest", () => {
  it("signs foo=bar under 8888…", () => {
    expect(signV2({ foo: "bar" }, "8".repeat(32))).toBe(
      "834A25C9A5B48305AB997C9A7E101530",
    );
  });
});

describe("KAV-V2-3 easywechat RefundedTest", () => {
  it("signs foo=bar", () => {
    expect(signV2({ foo: "bar" }, "foo-merchant-key")).toBe(
      "280F9CB28E99DC917792FCC7AC1B88C4",
    );
  });

  it("encrypts req_info exactly", () => {
    expect(
      encryptReqInfo("<foo><bar>123</bar></foo>", "foo-merchant-key"),
    ).toBe("FTuPWOW4npLOTY8GQp+JtWXKe3ZFa2wsJC6v9gFoATU=");
  });

  it("uses the ASCII of the lower-case hex MD5 as the key", () => {
    const key = createHash("md5").update("foo-merchant-key").digest("hex");
    expect(key).toBe("d3a7dd2e9dc11a36f4d4beacb9e23cd5");
    const d = createDecipheriv("aes-256-ecb", Buffer.from(key, "ascii"), null);
    const plain = Buffer.concat([
      d.update(
        Buffer.from("FTuPWOW4npLOTY8GQp+JtWXKe3ZFa2wsJC6v9gFoATU=", "base64"),
      ),
      d.final(),
    ]).toString("utf8");
    expect(plain).toBe("<foo><bar>123</bar></foo>");
  });
});

describe("KAV-V2-4 payment with a coupon", () => {
  const key = "192006250b4c09247ec02edce69f6a2d";
  const xml =
    "<xml><appid><![CDATA[wx2421b1c4370ec43b]]></appid><attach><![CDATA[支付测试]]></attach><bank_type><![CDATA[CFT]]></bank_type><cash_fee><![CDATA[90]]></cash_fee><coupon_count><![CDATA[1]]></coupon_count><coupon_fee><![CDATA[10]]></coupon_fee><coupon_fee_0><![CDATA[10]]></coupon_fee_0><coupon_id_0><![CDATA[10000]]></coupon_id_0><coupon_type_0><![CDATA[CASH]]></coupon_type_0><device_info><![CDATA[]]></device_info><fee_type><![CDATA[CNY]]></fee_type><is_subscribe><![CDATA[Y]]></is_subscribe><mch_id><![CDATA[10000100]]></mch_id><nonce_str><![CDATA[5d2b6c2a8db53831f7eda20af46e531c]]></nonce_str><openid><![CDATA[oUpF8uMEb4qRXf22hE3X68TekukE]]></openid><out_trade_no><![CDATA[0001409811653]]></out_trade_no><result_code><![CDATA[SUCCESS]]></result_code><return_code><![CDATA[SUCCESS]]></return_code><sign><![CDATA[BEA28B81162FB7E640869832CA16F749]]></sign><time_end><![CDATA[20140903131540]]></time_end><total_fee>100</total_fee><trade_type><![CDATA[JSAPI]]></trade_type><transaction_id><![CDATA[1004400740201409030005092168]]></transaction_id></xml>";
  const fields: Record<string, string> = {
    appid: "wx2421b1c4370ec43b",
    attach: "支付测试",
    bank_type: "CFT",
    cash_fee: "90",
    coupon_count: "1",
    coupon_fee: "10",
    coupon_fee_0: "10",
    coupon_id_0: "10000",
    coupon_type_0: "CASH",
    device_info: "",
    fee_type: "CNY",
    is_subscribe: "Y",
    mch_id: "10000100",
    nonce_str: "5d2b6c2a8db53831f7eda20af46e531c",
    openid: "oUpF8uMEb4qRXf22hE3X68TekukE",
    out_trade_no: "0001409811653",
    result_code: "SUCCESS",
    return_code: "SUCCESS",
    sign: "BEA28B81162FB7E640869832CA16F749",
    time_end: "20140903131540",
    total_fee: "100",
    trade_type: "JSAPI",
    transaction_id: "1004400740201409030005092168",
  };

  it("drops the empty device_info and the sign from stringA", () => {
    expect(v2StringToSign(fields, key)).toBe(
      "appid=wx2421b1c4370ec43b&attach=支付测试&bank_type=CFT&cash_fee=90&coupon_count=1&coupon_fee=10&coupon_fee_0=10&coupon_id_0=10000&coupon_type_0=CASH&fee_type=CNY&is_subscribe=Y&mch_id=10000100&nonce_str=5d2b6c2a8db53831f7eda20af46e531c&openid=oUpF8uMEb4qRXf22hE3X68TekukE&out_trade_no=0001409811653&result_code=SUCCESS&return_code=SUCCESS&time_end=20140903131540&total_fee=100&trade_type=JSAPI&transaction_id=1004400740201409030005092168&key=192006250b4c09247ec02edce69f6a2d",
    );
  });

  it("signs MD5, HMAC without sign_type, HMAC with sign_type", () => {
    expect(signV2(fields, key, "MD5")).toBe("BEA28B81162FB7E640869832CA16F749");
    expect(signV2(fields, key, "HMAC-SHA256")).toBe(
      "ACE61ABAF8D462DCE5A5AA80E8B9347BB937A1903544B21A24FE0674C7CC5A7F",
    );
    expect(
      signV2({ ...fields, sign_type: "HMAC-SHA256" }, key, "HMAC-SHA256"),
    ).toBe("542D5076DBA28E6DA41011B075633BA995CCC35AE68D9618AB50EAE0EFE414C9");
  });

  it("fails the negative checks", () => {
    const md5 = "BEA28B81162FB7E640869832CA16F749";
    expect(signV2({ ...fields, out_trade_no: "1409811653" }, key)).not.toBe(
      md5,
    );
    expect(signV2({ ...fields, device_info: "x" }, key)).not.toBe(md5);
  });

  it("toV2Xml writes the exact XML from the fields", () => {
    expect(toV2Xml(fields, { plainText: ["total_fee"] })).toBe(xml);
  });

  it("the paid builder reproduces the exact XML", () => {
    const m = createTestMerchant({
      ...testMerchant().keys,
      apiV2Key: key,
      mchId: "10000100",
      appId: "wx2421b1c4370ec43b",
    });
    const n = m.v2.paid(
      {
        attach: "支付测试",
        bank_type: "CFT",
        device_info: "",
        is_subscribe: "Y",
        nonce_str: "5d2b6c2a8db53831f7eda20af46e531c",
        out_trade_no: "0001409811653",
        time_end: "20140903131540",
        total_fee: 100,
        transaction_id: "1004400740201409030005092168",
      },
      { coupons: [{ id: "10000", fee: 10 }], plainText: ["total_fee"] },
    );
    expect(n.bodyText).toBe(xml);
    expect(n.fields.sign).toBe("BEA28B81162FB7E640869832CA16F749");

    // Leaving `sign` out asks for it to be computed (setting it to undefined
    // would remove it).
    const { sign: _md5, ...unsigned } = n.fields;
    const hmac = m.v2.paid(unsigned, {
      signType: "HMAC-SHA256",
      includeSignType: false,
    });
    expect(hmac.fields.sign).toBe(
      "ACE61ABAF8D462DCE5A5AA80E8B9347BB937A1903544B21A24FE0674C7CC5A7F",
    );
    expect(hmac.fields.sign_type).toBeUndefined();
  });
});

describe("KAV-V3-A payment notification", () => {
  const apiV3Key = "AES256Key-32Characters1234567890";
  const plaintext =
    '{"appid":"wx81be3101902f7cb2","mchid":"1601959334","out_trade_no":"S20210128170702357723","transaction_id":"4200000925202101284997714292","trade_type":"NATIVE","trade_state":"SUCCESS","trade_state_desc":"支付成功","bank_type":"OTHERS","attach":"cipher code","success_time":"2021-01-28T17:07:11+08:00","payer":{"openid":"ofyak5qR_1wYsC99CsWA6R9MJazA"},"amount":{"total":1,"payer_total":1,"currency":"CNY","payer_currency":"CNY"}}';
  const ciphertext =
    "yuKJXXxnqVMulBUy5NoriSab/S9aen3wXNYLqGdvBfxsWmN9JAFAMXO3LgDFPqNeZMrkSmQyFa981IVxLvWHzwrzlBtJk+hOwnxTgDxc8SsGt39QkRBbfGR8rutMr3Goiq03ygWjMA6I+n6qhqQ/zS0/bMIB1dQoFZBSCKiLp8VHbGDLirh9MqYRa7MKJEYziPF2DmdtRHvXie4AWSxcV6hq8Ufao9FQooLOA2gD/9JA+L6BqquOPOnStExxH26cK7QgFFAf22GP7JKXnMH0LF3lJrK6ZMQ7iTXvVxv/q6j3SwUbyWVKmXdMJTqnXtU4H90DjRC6It4cOavr3Gz6xeVyv4S3i1qdAD8rAqgjjF1QWnUQtIm4/TdOw3ro0L73VI07H8c9O6VX/U0TcGMJJrAKMJ/yBZlD6owliffy/pzceEG/MV27euHDS5VW/m23tokNy2G1XJu1T3sUzEUsNil7vngBLYHGEGNw6brOYxwxXEUI2n0tSJOG8upiSGmN0fOnWbPoN9YqtuIhvY4xKOJpKwQrNJSm+ybNrugAwbLf/HMATxK6dGk9RQK8Nn9PHSRSPmTU5sci6zzFGAEHKQ==";
  const body = `{"id":"b62e271c-3389-58a0-8146-4a704966e8f1","create_time":"2021-01-28T17:07:11+08:00","resource_type":"encrypt-resource","event_type":"TRANSACTION.SUCCESS","summary":"支付成功","resource":{"original_type":"transaction","algorithm":"AEAD_AES_256_GCM","ciphertext":"${ciphertext}","associated_data":"transaction","nonce":"fG1l57vn9BCX"}}`;
  const signature =
    "Jook1G0Ex2xkvw5isZNY8Pvxj30X6HOCLNwMBh0wpRCU0LMTD+wQqHCENpYcsaMM/6vFMsRXtZnKldRk1dFmzpLOT8Rh1SwfMp/61oz7Eyh9+y1p2QkC2EW9dEnZk3gl7j5WcSsncy8ccM4ohfZVwQLslZwzKKaLxg5F5MTeiP/0ykYdFHOqIKdp9QMlly0Yb9aUXiVe19u3PEIOUkAawr9vD7EL5VHtnuer90ADrO9b+p4MAFxL1QfqshNhb4KeDjyVAzOqHjkThqAeuY1wv8KjoeVpZOxxrdSAoYcek2c2A8ywKWNMZi/k0Wwpu05UN498a39tKdHPZrqb6Qt4ZA==";
  const publicKey = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqa7JnFzx6i7Zz6DwxlKD
FCytljqORVvHO9kr56p/+Glz2iYZTrT8bV9n66iIU48HDrOoTZt1xUxgSzK3QfeG
EL4/kOz9dhjZsVxvvTLPrlMiU6GI5WAwBulBShNdCZJvXAxri0pHpFNQKKyhNRtc
J3R9+8OAM1V6BgUNzSIslvIyJvGYt/1jQlaR1KF2FLsoRRGdt318rZ6bOIQEYIOj
bz53CCrVr5VIfOWVTkrKnNU/HRWng0V2o+6943SSe+LbBkTL2clIqSV8hN7kdkJK
xsomvtKYQ6Qus3jDKT/jEDvaIYfsUFgQnsr0I45zjwJRk4Zfk4X1yJlN9By9e6B3
QQIDAQAB
-----END PUBLIC KEY-----
`;

  it("the published body is the one described", () => {
    const bytes = Buffer.from(body, "utf8");
    expect(bytes.length).toBe(927);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(
      "0ff8ffddba81b65374c2eb4d015535aefe08f43a4d7c61eee41bb4d7c277001f",
    );
  });

  it("encrypts the plaintext to the published ciphertext", () => {
    expect(
      encryptV3Resource(plaintext, apiV3Key, "fG1l57vn9BCX", "transaction"),
    ).toBe(ciphertext);
  });

  it("the signed message layout verifies the published signature", () => {
    const message = v3Message(
      "1611368330",
      "AF1404CC2980FB414C99C0B98883BD42",
      new Uint8Array(Buffer.from(body, "utf8")),
    );
    expect(message.subarray(0, 11).toString()).toBe("1611368330\n");
    expect(message.at(-1)).toBe(0x0a);
    expect(
      verify("sha256", message, publicKey, Buffer.from(signature, "base64")),
    ).toBe(true);
    message.writeUInt8(
      message.readUInt8(message.length - 2) ^ 1,
      message.length - 2,
    );
    expect(
      verify("sha256", message, publicKey, Buffer.from(signature, "base64")),
    ).toBe(false);
  });

  it("a builder with the vector's inputs produces the vector's body", () => {
    const m = createTestMerchant({
      ...testMerchant().keys,
      apiV3Key,
      appId: "wx81be3101902f7cb2",
      mchId: "1601959334",
    });
    const n = m.v3.paid(JSON.parse(plaintext) as Record<string, unknown>, {
      now: Date.parse("2021-01-28T17:07:11+08:00"),
      timestamp: "1611368330",
      nonce: "AF1404CC2980FB414C99C0B98883BD42",
      envelope: {
        id: "b62e271c-3389-58a0-8146-4a704966e8f1",
        resource: { nonce: "fG1l57vn9BCX" },
      },
    });
    expect(n.resourceText).toBe(plaintext);
    expect(n.bodyText).toBe(body);
    expect(
      verify(
        "sha256",
        v3Message(n.timestamp, n.nonce, n.body),
        m.publicKeyPem,
        Buffer.from(n.signature, "base64"),
      ),
    ).toBe(true);
  });
});

describe("KAV-V3-D platform certificate decryption", () => {
  const ciphertext =
    `x9kkL5w1JuaypcjhrYIP+kVNlN8o8uN4yJyJjy5lg+PyPnQL2Zn//ORaXAyzdaK/WBMVd3u/Y9hL
aTBLMyRXzowsrkJ5PT37johye48N7BAJQ0PJwW++d1RdhOOPjoqfmws6rSV5Gv2qhfdKjmpxVjr8
xr71dtBt8J2wu+bAV99HHQoAynm/Pp9OQYZgpOQ+1cyFHd43TAxOoFfmixKrXr3HP8lJot0XCUSq
4qkr1Hs44FV2KuzntSk8eqKr5N17UcuPF3VYnnnF/AvQ7HuLKWwrHhUbaXfkwy0Q2n36UJMfBj73
44S97E8BnS89ojgOPQi+olBPyNgrtDWHgsJAKu7HA6PV/FgmXcrZirje/AH1u25es4z5xItHscm/
/6rDvALgf7greV5OJzMsSl/KVDtbkjDSzim0j4ZTduIfzh7l6jfOz115ITcNILT9ef2KkcMyBBc8
9GZlMGeHTbgsBHzGeLawX3dXFjqt5aMnHM3VWCovA2aUM4c//rqkZGf+Va86OEFoJQLiSTFpkOrK
xcIxcrbKPLTgiDWRT3wzmnUDg7kSPbluzt3ROvMFq9lB8bO/pBd7TD2w87sfUdKLj69FniX6s37S
BeRVhw8GSIvBf5lpLUhqL5zKYlbuAWePuz0wVV4NTtkaVKZlmm8KTODyZDFpsyKPubDDcwT1ftRf
5aSVM4x04I/1B7GkNz/TOy+zpJ0h0B7VHdxyO5JYiI/1qsatX/FE2aJdQYMYOtqfDH7ZH5UUKIqo
538OKvE2M4MlBR/aVE4z4QDKfE/1kYrOfvVGfDzF/FWHfUrcqB8kdQMvk8vCoM8yYZsX4KE1aoJb
NM2pWv2tpr9JE8b/VQgUyHOgPYAha+UOmZki4Sfl9H62687EIWdbM57ZxmwIiBp60SrJLiBfZon9
JqXKdtJOKj0CRokQiBnONNXCVerLFeBNQfeKRw8tgJXf+QPohMGYkSDdc8hTgdbmhTwB1Vv01stl
YK12QMNRCovlp/fcmpB72Phlq+/3p5pqMzknw+qm5QAz7JnpZJCFHit52gHwAkKRkVPB3HF2rfLr
dTYz5c9Bok1ICAY9My47eLFdduIe99V52cjMLQuUmNFBPrDdyZKVqIHJ/wtWO/wIFpAVGSJMHcty
EKmeJVc1IQN74Wm00PrpPackHdO3G41bBmkp5pqUdsSgSkwdfNVqv0cMcSe04NrRGNKMcZ7TA/CM
aP1YnhxvVE+z8aksJqSJ+gdplvuwl40y5C8UEHeAi1V8Q0Bf4YvYRgOVIWm2Lzjdn2z9PWLGcStU
j11/1hthk2li4V3mgm2Cr2IZme2sn4rZmJ6dexGP1nk+ZYOq0xLE8F7oex9gyDN+A/6zHqnuhO/X
08qye0gochMr8U89Qvj2c0L3P2mjCea2H1mEriAJPqMPMKIinh1lQJEZufnfCcPxbZLKTtl6zHtH
gOztejd1gV/nUyCVKD4MCMfBDy9C/Af8pWx6akOg/QSQNIGA2AI6zprHn9zEjpFIzXJYvruVI22Y
t6oF9Xnt7Ki82wRK2M96r4kj6cwSs4exMPGv8fWMrFTm0Br6p6T+HZsxyyn2ChuPIgpfisnce/Za
U/0xCZhK/K79+TK2GeeChq5oEpua/1tx4+kDHi7H9381pLJmy2oXW060c2mmwA9+EpcuwEDhr8fs
nghbv41u7b1NhEmWNVUy29Dwaz61PPGUdh5DsvaKLWC+raZ/6UEKPw+tiABJ5o6u2jAWgmEYmmJC
KapNgtfPc6D+O0aHH9oqh6u4+8NRAhusPZzDGWBr6AT4pexgWFeEhZhn6bXM9HhpUe0IhOTw5D+t
qXrTlNon4kjYibiMUFy1h2YyYS3IEdu1J4xqvo0rFyCxF1C+P6ubc0tClRPkXg==`.replace(
      /\n/g,
      "",
    );

  it("re-encrypting the decrypted certificate gives the published ciphertext", () => {
    const key = Buffer.from("f09b03a7a1902b5b4913856f1fd07ab1", "utf8");
    const data = Buffer.from(ciphertext, "base64");
    expect(data.length).toBe(1414);
    const d = createDecipheriv("aes-256-gcm", key, Buffer.from("aae8c2e79c5b"));
    d.setAAD(Buffer.from("certificate"));
    d.setAuthTag(data.subarray(-16));
    const pem = Buffer.concat([d.update(data.subarray(0, -16)), d.final()]);
    expect(createHash("sha256").update(pem).digest("hex")).toBe(
      "522c6a3c1dcb0f78f0f61e88bde8d14560a3e3fdabce72bff8afc924144af32f",
    );
    expect(
      encryptV3Resource(
        pem.toString("utf8"),
        "f09b03a7a1902b5b4913856f1fd07ab1",
        "aae8c2e79c5b",
        "certificate",
      ),
    ).toBe(ciphertext);
  });
});

describe("KAV-V3-E AES-256-GCM with a 16-byte IV", () => {
  it("matches the axios-plugin vectors", () => {
    const key = "0123456789abcdef0123456789abcdef";
    expect(encryptV3Resource("hello", key, "0123456789abcdef", "world")).toBe(
      "APoZlYpivU3HjbAiB4CvW1rAFr8J",
    );
    expect(encryptV3Resource("", key, "0123456789abcdef", "")).toBe(
      "GvpmmdtYwexXIPhySs9Tlg==",
    );
  });
});
