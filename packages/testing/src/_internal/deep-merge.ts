/** A JSON-like object. */
export type JsonObject = { [key: string]: unknown };

function isPlainObject(value: unknown): value is JsonObject {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

/**
 * Merges `overrides` into a copy of `base`: nested objects merge key by key
 * (so overriding `amount.total` keeps `amount.currency`), arrays and other
 * values replace, and an `undefined` override removes the key.
 */
export function deepMerge(base: JsonObject, overrides: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) {
      delete out[key];
    } else if (isPlainObject(value) && isPlainObject(out[key])) {
      out[key] = deepMerge(out[key], value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Reads a nested value by path (`["amount", "total"]`). */
export function getPath(object: unknown, path: readonly string[]): unknown {
  let current: unknown = object;
  for (const key of path) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** True when `path` is set (even to a falsy value) in `object`. */
export function hasPath(object: unknown, path: readonly string[]): boolean {
  let current: unknown = object;
  for (const key of path) {
    if (!isPlainObject(current) || !(key in current)) return false;
    current = current[key];
  }
  return true;
}
