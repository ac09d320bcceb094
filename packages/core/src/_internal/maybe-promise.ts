import type { MaybePromise } from "../crypto/crypto-provider.js";

/**
 * `step(value, a, b, c)` now when `value` is ready, once it resolves when it
 * is a promise. With the synchronous node provider, key set-up errors thus
 * surface from `createNotifier` itself, and a request is verified without a
 * microtask turn. On the request path, pass what the step needs as
 * arguments rather than capturing it in an arrow function: nothing is then
 * allocated when `value` is ready (a closure per request also costs a call
 * through V8's lazy-compile stub).
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
