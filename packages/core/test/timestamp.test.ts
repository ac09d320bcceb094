import { describe, expect, it } from "vitest";
import { isUnixSeconds } from "../src/v3/verify-v3.js";

// The definition isUnixSeconds must keep.
const REFERENCE = /^[1-9][0-9]{0,11}$/;

// A seeded generator, so that a failure names a reproducible case.
function random(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state >>> 8) % n;
  };
}

// Digits, their neighbours in ASCII, signs, spaces, line ends, and digits
// from other scripts (Arabic-Indic, fullwidth) that \d-like checks accept.
const CHARS = [
  ..."0123456789",
  "/",
  ":",
  "+",
  "-",
  ".",
  "e",
  " ",
  "\n",
  "\r",
  "\t",
  "٣",
  "０",
  "１",
  "\u0000",
];

describe("Wechatpay-Timestamp format", () => {
  it("accepts exactly what the reference expression accepts", () => {
    const next = random(20261124);
    const cases = [
      "",
      "0",
      "1",
      "01",
      "1732406400",
      "999999999999",
      "1000000000000",
      "123456789012",
      " 1732406400",
      "1732406400\n",
      "1732406400 ",
      "+1732406400",
      "-1732406400",
      "1.7e9",
    ];
    for (let i = 0; i < 20_000; i++) {
      const length = next(15);
      let text = "";
      for (let k = 0; k < length; k++) {
        // Mostly digits, so that long valid-looking values are common.
        text += next(4) === 0 ? CHARS[next(CHARS.length)] : String(next(10));
      }
      cases.push(text);
    }
    let accepted = 0;
    const disagreements: string[] = [];
    for (const text of cases) {
      const expected = REFERENCE.test(text);
      if (isUnixSeconds(text) !== expected) {
        disagreements.push(JSON.stringify(text));
      }
      if (expected) accepted++;
    }
    expect(disagreements).toEqual([]);
    // Both verdicts are well represented.
    expect(accepted).toBeGreaterThan(2_000);
    expect(cases.length - accepted).toBeGreaterThan(2_000);
  });
});
