import type { MaybePromise } from "../crypto/crypto-provider.js";

/**
 * Applies `fn` now when `value` is ready, later when it is a promise: with the
 * synchronous node provider, key set-up errors surface from `createNotifier`
 * itself instead of from the first request.
 */
export function chain<T, U>(
  value: MaybePromise<T>,
  fn: (value: T) => MaybePromise<U>,
): MaybePromise<U> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}

/** `Promise.all` that stays synchronous when every value is ready. */
export function all<T>(values: readonly MaybePromise<T>[]): MaybePromise<T[]> {
  return values.some((value) => value instanceof Promise)
    ? Promise.all(values)
    : (values as T[]);
}
