/** A moment given as milliseconds since the epoch, a Date, or a clock function. */
export type NowInput = number | Date | (() => number);

/** Milliseconds since the epoch for a {@link NowInput}; defaults to the real clock. */
export function resolveNow(now?: NowInput): number {
  const ms =
    now === undefined
      ? Date.now()
      : typeof now === "function"
        ? now()
        : now instanceof Date
          ? now.getTime()
          : now;
  if (!Number.isFinite(ms)) {
    throw new TypeError("@wxnotify/testing: `now` is not a valid time.");
  }
  // Unix seconds passed by mistake would be 1970: say so instead of signing it.
  if (ms > 0 && ms < 1e11) {
    throw new TypeError(
      `@wxnotify/testing: \`now\` is in milliseconds (like Date.now()), but ${ms} looks like seconds; multiply by 1000.`,
    );
  }
  return ms;
}

/** Unix seconds as WeChat sends them in `Wechatpay-Timestamp`. */
export function unixSeconds(ms: number): string {
  return String(Math.floor(ms / 1000));
}

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

function beijingParts(ms: number): string[] {
  // Shift to UTC+8 and read the UTC fields: Beijing has no daylight saving.
  const iso = new Date(ms + BEIJING_OFFSET_MS).toISOString();
  return [iso.slice(0, 10), iso.slice(11, 19)];
}

/** RFC 3339 in Beijing time, e.g. `2021-01-28T17:07:11+08:00`, as v3 sends times. */
export function rfc3339Beijing(ms: number): string {
  const [date, time] = beijingParts(ms);
  return `${date}T${time}+08:00`;
}

/** `yyyyMMddHHmmss` in Beijing time, as v2 `time_end`. */
export function compactBeijing(ms: number): string {
  const [date, time] = beijingParts(ms);
  return `${date}${time}`.replace(/[-:]/g, "");
}

/** `yyyy-MM-dd HH:mm:ss` in Beijing time, as v2 refund `success_time`. */
export function spacedBeijing(ms: number): string {
  const [date, time] = beijingParts(ms);
  return `${date} ${time}`;
}
