import { describe, expect, it } from "vitest";
import { decodeBase64Strict } from "../src/_internal/bytes.js";

// The definition decodeBase64Strict must keep: Node's decoder, accepted only
// when re-encoding gives back the very same text.
function reference(text: string): Uint8Array | undefined {
  const bytes = Buffer.from(text, "base64");
  return bytes.toString("base64") === text ? bytes : undefined;
}

// A seeded generator, so that a failure names a reproducible case.
function random(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state >>> 8) % n;
  };
}

const ALPHABET =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// Every ASCII character outside the alphabet (padding, URL-safe, spaces,
// controls, punctuation), and some beyond ASCII.
const ODD = [
  ...Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)).filter(
    (char) => !ALPHABET.includes(char),
  ),
  "é",
  "中",
  "\u00ff",
  "\u012b",
  "\uffff",
];

function mutate(text: string, next: (n: number) => number): string {
  const chars = [...text];
  const edits = 1 + next(3);
  for (let e = 0; e < edits; e++) {
    const at = next(chars.length + 1);
    const pick = next(3);
    const char =
      next(2) === 0 ? ODD[next(ODD.length)]! : ALPHABET[next(ALPHABET.length)]!;
    if (pick === 0) chars.splice(at, 0, char);
    else if (pick === 1) chars.splice(at, 1);
    else chars.splice(at, 1, char);
  }
  return chars.join("");
}

describe("decodeBase64Strict", () => {
  it("gives the same verdict and bytes as decode + re-encode, on 200,000 valid, mutated and random texts", () => {
    const next = random(20261123);
    let accepted = 0;
    for (let i = 0; i < 200_000; i++) {
      const bytes = new Uint8Array(next(40));
      for (let b = 0; b < bytes.length; b++) bytes[b] = next(256);
      const valid = Buffer.from(bytes).toString("base64");
      const kind = next(3);
      const text =
        kind === 0
          ? valid
          : kind === 1
            ? mutate(valid, next)
            : Array.from({ length: next(12) }, () =>
                next(4) === 0
                  ? ODD[next(ODD.length)]!
                  : ALPHABET[next(ALPHABET.length)]!,
              ).join("");
      const expected = reference(text);
      const actual = decodeBase64Strict(text);
      if ((expected === undefined) !== (actual === undefined)) {
        expect.fail(
          `${JSON.stringify(text)}: expected ${expected ? "accepted" : "refused"}`,
        );
      }
      if (expected && actual) {
        expect(Buffer.from(actual).equals(Buffer.from(expected))).toBe(true);
        accepted++;
      }
    }
    // Both verdicts were exercised, not only one of them.
    expect(accepted).toBeGreaterThan(60_000);
    expect(accepted).toBeLessThan(190_000);
  });

  it.each([
    ["QQ==", "A"],
    ["QUE=", "AA"],
    ["QUFB", "AAA"],
    ["", ""],
  ])("accepts the canonical %j", (text, decoded) => {
    expect(Buffer.from(decodeBase64Strict(text)!).toString()).toBe(decoded);
  });

  it.each([
    ["non-zero bits after the last byte", "QR=="],
    ["one bit too many before a single =", "QUF="],
    ["missing padding", "QQ"],
    ["the URL-safe alphabet", "-_-_"],
    ["padding in the middle", "QQ==QUFB"],
    ["whitespace", "QU FB"],
    ["a signature probe", "WECHATPAY/SIGNTEST/abc"],
    ["three =", "Q==="],
  ])("refuses %s", (_, text) => {
    expect(decodeBase64Strict(text)).toBeUndefined();
  });
});
