import type { AcquireResult, IdempotencyStore } from "./idempotency-store.js";

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** Most keys kept; past it, expired entries go first, then the oldest. Default 100 000. */
  maxEntries?: number;
  /** Current time in milliseconds; injectable for tests. Default `Date.now`. */
  now?: () => number;
}

interface Entry {
  /** The fencing token of the lease holder, or `undefined` once done. */
  token: string | undefined;
  expiresAt: number;
}

/**
 * An in-process store: right for a single server process. With several
 * processes or machines, use a shared store such as `@wxnotify/redis`.
 */
export function createMemoryStore(
  options: MemoryStoreOptions = {},
): IdempotencyStore {
  const maxEntries = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  function live(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function makeRoom(): void {
    if (entries.size < maxEntries) return;
    const time = now();
    for (const [key, entry] of entries) {
      if (entry.expiresAt <= time) entries.delete(key);
    }
    // Still full: drop the oldest insertions (Map keeps insertion order).
    for (const key of entries.keys()) {
      if (entries.size < maxEntries) break;
      entries.delete(key);
    }
  }

  function set(key: string, entry: Entry): void {
    // Re-insert so that the Map's order stays the order of last writes.
    entries.delete(key);
    makeRoom();
    entries.set(key, entry);
  }

  return {
    async acquire(key, token, leaseMs): Promise<AcquireResult> {
      const entry = live(key);
      if (entry) return { state: entry.token === undefined ? "done" : "busy" };
      set(key, { token, expiresAt: now() + leaseMs });
      return { state: "acquired" };
    },
    async complete(key, token, ttlMs) {
      const entry = live(key);
      if (!entry || entry.token !== token) return false;
      set(key, { token: undefined, expiresAt: now() + ttlMs });
      return true;
    },
    async release(key, token) {
      if (live(key)?.token === token) entries.delete(key);
    },
  };
}
