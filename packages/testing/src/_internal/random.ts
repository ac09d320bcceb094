import { randomBytes, randomInt } from "node:crypto";

const ALPHANUMERIC =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Random upper-case hex of `length` characters, like `Wechatpay-Nonce`. */
export function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString("hex")
    .slice(0, length)
    .toUpperCase();
}

/** Random letters and digits, like a v2 `nonce_str` or a resource nonce. */
export function randomAlphanumeric(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(62)];
  return out;
}

/** Random decimal digits; the first is never 0 unless `leadingZero`. */
export function randomDigits(length: number, leadingZero = false): string {
  let out = leadingZero ? "" : String(randomInt(1, 10));
  while (out.length < length) out += String(randomInt(10));
  return out;
}
