/** Headers as a Web `Headers`, Node's `IncomingHttpHeaders`, or a plain record. */
export type HeadersInput =
  Headers | Record<string, string | readonly string[] | undefined>;

/** Headers as a plain record of strings, original case kept. */
export function plainHeaders(headers: HeadersInput): Record<string, string> {
  const out: Record<string, string> = {};
  if (
    typeof (headers as Headers).forEach === "function" &&
    !isRecord(headers)
  ) {
    (headers as Headers).forEach((value, name) => {
      out[name] = value;
    });
    return out;
  }
  for (const [name, value] of Object.entries(
    headers as Record<string, string | readonly string[] | undefined>,
  )) {
    if (value === undefined) continue;
    out[name] = typeof value === "string" ? value : value.join(", ");
  }
  return out;
}

function isRecord(value: unknown): boolean {
  return Object.getPrototypeOf(value) === Object.prototype;
}

/** Case-insensitive header lookup. */
export function getHeader(
  headers: Record<string, string>,
  name: string,
): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === lower) return v;
  }
  return undefined;
}

/** A copy with `name` (any case) set to `value`, or removed when `value` is undefined. */
export function setHeader(
  headers: Record<string, string>,
  name: string,
  value: string | undefined,
): Record<string, string> {
  const lower = name.toLowerCase();
  const out: Record<string, string> = {};
  let done = false;
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === lower) {
      if (value !== undefined && !done) out[k] = value;
      done = true;
    } else {
      out[k] = v;
    }
  }
  if (!done && value !== undefined) out[name] = value;
  return out;
}
