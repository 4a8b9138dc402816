export interface RateLimit {
  /** Sustained requests per second per actor. */
  readonly perSecond: number;
  /** How many requests an idle actor may send at once. */
  readonly burst: number;
}

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per actor, in this process: a misbehaving client (a hospital system in a retry loop) is slowed
 * down with 429s before it crowds out the offices. Buckets of actors that have been idle long enough to be full
 * again are forgotten, so memory follows the number of active actors.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  #lastSweep = 0;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  take(actor: string): RateDecision {
    const now = this.now();
    this.#sweep(now);
    const bucket = this.#buckets.get(actor) ?? { tokens: this.limit.burst, updatedAt: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.limit.perSecond);
    bucket.updatedAt = now;
    this.#buckets.set(actor, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond)) };
  }

  get trackedActors(): number {
    return this.#buckets.size;
  }

  #sweep(now: number): void {
    const refillMs = (this.limit.burst / this.limit.perSecond) * 1000;
    if (now - this.#lastSweep < refillMs) return;
    this.#lastSweep = now;
    for (const [actor, bucket] of this.#buckets) if (now - bucket.updatedAt >= refillMs) this.#buckets.delete(actor);
  }
}
