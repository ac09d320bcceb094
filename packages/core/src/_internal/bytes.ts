const encoder = new TextEncoder();

// Read once: on Node the global Buffer is an accessor, and every
// `typeof Buffer` or `Buffer.from` through it calls the getter (≈ 800 cycles
// per v3 notification in a perf profile). Undefined off Node.
const NodeBuffer: typeof Buffer | undefined =
  typeof Buffer === "function" ? Buffer : undefined;
const strictDecoder = new TextDecoder("utf-8", {
  fatal: true,
  ignoreBOM: true,
});

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  // Buffer.from is 2-3x cheaper than TextEncoder on short strings (headers,
  // nonces) and takes small ones from its pool.
  return NodeBuffer ? NodeBuffer.from(text, "utf8") : encoder.encode(text);
}

/** Decodes UTF-8, throwing on invalid sequences (a wrong charset is an error, not mojibake). */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  return strictDecoder.decode(bytes);
}

// Standard alphabet, padding required: lenient decoders turn probes and
// truncated values into garbage bytes instead of an error.
const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// The 6-bit value of each standard base64 character; 64 for any other.
const BASE64_VALUES = new Uint8Array(128).fill(64);
for (let i = 0; i < 64; i++) {
  BASE64_VALUES[
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charCodeAt(
      i,
    )
  ] = i;
}

/** Decodes strict base64 (standard alphabet, padded); returns undefined when it is not. */
export function decodeBase64Strict(text: string): Uint8Array | undefined {
  if (NodeBuffer) {
    // Node's decoder is lenient (it skips what is not base64, reads the
    // URL-safe alphabet, needs no padding), so its output is accepted only
    // when the text is exactly the canonical encoding of it: the right
    // length, "=" only as the padding that length implies, no URL-safe
    // characters, nothing beyond ASCII, zero bits after the last byte. The same verdict as
    // re-encoding and comparing (a differential test checks it), without
    // building a second string per call.
    const bytes = NodeBuffer.from(text, "base64");
    const length = text.length;
    if (length !== 4 * Math.ceil(bytes.length / 3)) return undefined;
    const padding = (3 - (bytes.length % 3)) % 3;
    // The first "=" where the padding starts, and the text ends with "=".
    if (text.indexOf("=") !== (padding ? length - padding : -1)) {
      return undefined;
    }
    if (padding === 2 && text.charCodeAt(length - 1) !== 0x3d) return undefined;
    if (text.includes("-") || text.includes("_")) return undefined;
    // Node reads a character beyond ASCII by its low byte ("中" as "-"):
    // only ASCII text, whose UTF-8 length is its length, can be canonical.
    if (NodeBuffer.byteLength(text, "utf8") !== length) return undefined;
    if (padding > 0) {
      const code = text.charCodeAt(length - padding - 1);
      const unused = padding === 1 ? 0b11 : 0b1111;
      if (code >= 128 || (BASE64_VALUES[code]! & unused) !== 0) {
        return undefined;
      }
    }
    return bytes;
  }
  if (!BASE64.test(text)) return undefined;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Concatenates byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  // Buffer.concat allocates without zero-filling what it overwrites anyway.
  if (NodeBuffer) return NodeBuffer.concat(parts);
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Hex string of random bytes, upper-case. */
export function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex.toUpperCase();
}
