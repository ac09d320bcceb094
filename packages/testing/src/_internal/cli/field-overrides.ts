import { getPath } from "../deep-merge.js";
import { UsageError } from "./io.js";

/** Splits `k=v` or `k:=json`. */
function splitField(spec: string): { key: string; raw: string; json: boolean } {
  const json = spec.indexOf(":=");
  const eq = spec.indexOf("=");
  if (json > 0 && json < eq) {
    return { key: spec.slice(0, json), raw: spec.slice(json + 2), json: true };
  }
  if (eq <= 0) {
    throw new UsageError(
      `--field ${JSON.stringify(spec)} needs the form key=value (or key:=JSON).`,
    );
  }
  return { key: spec.slice(0, eq), raw: spec.slice(eq + 1), json: false };
}

function parseJson(key: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new UsageError(`--field ${key}:= needs valid JSON, got ${raw}.`);
  }
}

/** v2 overrides: flat names, string values; `--unset` removes. */
export function v2Overrides(
  fields: readonly string[],
  unset: readonly string[],
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const spec of fields) {
    const { key, raw, json } = splitField(spec);
    out[key] = json ? String(parseJson(key, raw)) : raw;
  }
  for (const key of unset) out[key] = undefined;
  return out;
}

/**
 * v3 overrides: dotted paths into nested objects. A value takes the type of
 * the default at that path, so `amount.total=100` is the number 100 while
 * `out_trade_no=0001` stays the string "0001".
 */
export function v3Overrides(
  fields: readonly string[],
  unset: readonly string[],
  defaults: unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (path: string[], value: unknown) => {
    let node = out;
    path.slice(0, -1).forEach((part) => {
      const next = node[part];
      if (typeof next !== "object" || next === null || Array.isArray(next)) {
        node[part] = {};
      }
      node = node[part] as Record<string, unknown>;
    });
    node[path[path.length - 1] as string] = value;
  };
  for (const spec of fields) {
    const { key, raw, json } = splitField(spec);
    const path = key.split(".");
    if (path.some((p) => p === "")) {
      throw new UsageError(`--field ${key}: empty path segment.`);
    }
    let value: unknown = raw;
    if (json) {
      value = parseJson(key, raw);
    } else {
      const current = getPath(defaults, path);
      if (typeof current === "number") {
        value = Number(raw);
        if (raw.trim() === "" || !Number.isFinite(value)) {
          throw new UsageError(`--field ${key} is a number; got ${raw}.`);
        }
      } else if (typeof current === "boolean") {
        if (raw !== "true" && raw !== "false") {
          throw new UsageError(`--field ${key} is true or false; got ${raw}.`);
        }
        value = raw === "true";
      } else if (typeof current === "object" && current !== null) {
        value = parseJson(key, raw);
      }
    }
    set(path, value);
  }
  for (const key of unset) set(key.split("."), undefined);
  return out;
}
