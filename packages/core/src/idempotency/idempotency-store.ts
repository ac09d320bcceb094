/** What {@link IdempotencyStore.acquire} found. */
export type AcquireResult =
  /** The caller holds the lease now and runs the handler. */
  | { state: "acquired" }
  /** Another delivery holds a live lease: it is being processed right now. */
  | { state: "busy" }
  /** An earlier delivery was processed and acknowledged. */
  | { state: "done" };

/**
 * Where duplicate suppression keeps its state, one entry per notification
 * key: absent, a lease held by one delivery (identified by its fencing
 * token), or done. Every method must be atomic for one key across every
 * process sharing the store (a SQL store uses one row per key: `INSERT … ON
 * CONFLICT DO NOTHING` to acquire, `UPDATE … WHERE key = $1 AND token = $2`
 * to complete or release, and an `expires_at` column).
 */
export interface IdempotencyStore {
  /**
   * Takes the lease on `key` for `leaseMs` if the key is absent or its lease
   * expired, recording `token`; otherwise says whether the key is busy or done.
   */
  acquire(key: string, token: string, leaseMs: number): Promise<AcquireResult>;
  /**
   * Marks `key` done for `ttlMs`, only if `token` still holds the lease;
   * returns false when the lease expired and was taken by another delivery
   * (fencing: a stale holder cannot mark done).
   */
  complete(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Drops the lease if `token` still holds it, so a retry can run at once. */
  release(key: string, token: string): Promise<void>;
}
