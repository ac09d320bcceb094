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

/**
 * `step(value, a, b, c)` now when `value` is ready, once it resolves when it
 * is a promise. For the path every notification takes: unlike `chain` with
 * an arrow function, nothing is allocated when `value` is ready (the
 * arguments are passed through, not captured in a closure whose first call
 * also goes through V8's lazy-compile stub).
 */
export function andThen<T, U>(
  value: MaybePromise<T>,
  step: (value: T) => MaybePromise<U>,
): MaybePromise<U>;
export function andThen<T, U, A>(
  value: MaybePromise<T>,
  step: (value: T, a: A) => MaybePromise<U>,
  a: A,
): MaybePromise<U>;
export function andThen<T, U, A, B>(
  value: MaybePromise<T>,
  step: (value: T, a: A, b: B) => MaybePromise<U>,
  a: A,
  b: B,
): MaybePromise<U>;
export function andThen<T, U, A, B, C>(
  value: MaybePromise<T>,
  step: (value: T, a: A, b: B, c: C) => MaybePromise<U>,
  a: A,
  b: B,
  c: C,
): MaybePromise<U>;
export function andThen(
  value: unknown,
  step: (value: unknown, a: unknown, b: unknown, c: unknown) => unknown,
  a?: unknown,
  b?: unknown,
  c?: unknown,
): unknown {
  return value instanceof Promise
    ? value.then((ready) => step(ready, a, b, c))
    : step(value, a, b, c);
}

/** `Promise.all` that stays synchronous when every value is ready. */
export function all<T>(values: readonly MaybePromise<T>[]): MaybePromise<T[]> {
  return values.some((value) => value instanceof Promise)
    ? Promise.all(values)
    : (values as T[]);
}
