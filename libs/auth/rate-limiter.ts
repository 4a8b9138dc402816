import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

export interface RateLimit {
  /** Sustained requests per second per key, across every API process. */
  readonly perSecond: number;
  /** How many requests an idle key may send at once. */
  readonly burst: number;
}

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * The generic cell rate algorithm, which allows exactly what a token bucket of `burst` tokens refilled at
 * `perSecond` allows, kept as one number per key: the theoretical arrival time of the next request. Redis's clock
 * is the only clock, so API processes whose clocks differ still share one limit.
 */
const TAKE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local wait = tat + interval - burst * interval - now
if wait > 0 then return {0, math.ceil(wait)} end
redis.call('SET', KEYS[1], string.format('%.3f', tat + interval), 'PX', math.ceil(tat + interval - now) + 1)
return {1, 0}`;

type TakeCommand = (key: string, intervalMs: number, burst: number) => Promise<[number, number]>;

export interface RateLimiterOptions {
  /** Namespaces the keys (the installation's QUEUE_PREFIX), so installations can share a Redis. */
  readonly prefix: string;
  /** Redis could not answer: the limiter lets requests through until it can. Called once per outage. */
  readonly onUnavailable?: (error: Error) => void;
  readonly onAvailable?: () => void;
  /** How long a command may take before the request goes on unlimited. */
  readonly commandTimeoutMs?: number;
  /** After a failure, how long to go on without asking Redis, so an outage adds no latency to every request. */
  readonly pauseAfterFailureMs?: number;
}

/**
 * One rate limit per key (an actor, or a client address for requests without a valid token) shared by every API
 * process through Redis. When Redis cannot answer, the limiter fails open: a Redis outage must not become an outage
 * of the API; it says so through `onUnavailable`.
 */
export class RateLimiter {
  readonly #redis: Redis;
  readonly #take: TakeCommand;
  readonly #intervalMs: number;
  #down = false;
  #pausedUntil = 0;

  constructor(
    redisUrl: string,
    private readonly limit: RateLimit,
    private readonly options: RateLimiterOptions,
  ) {
    // No retries, and a short timeout: while Redis is away a command fails fast, and the request goes on.
    this.#redis = new Redis(redisUrl, {
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 250,
      connectionName: 'overgang-rate-limit',
    });
    this.#redis.on('error', (error: Error) => this.#failed(error));
    this.#redis.defineCommand('overgangTakeRate', { numberOfKeys: 1, lua: TAKE });
    this.#take = (this.#redis as unknown as { overgangTakeRate: TakeCommand }).overgangTakeRate.bind(this.#redis);
    this.#intervalMs = 1000 / limit.perSecond;
  }

  async take(key: string): Promise<RateDecision> {
    if (Date.now() < this.#pausedUntil) return { allowed: true };
    let result: [number, number];
    try {
      result = await this.#take(this.#keyOf(key), this.#intervalMs, this.limit.burst);
    } catch (error) {
      this.#failed(error as Error);
      return { allowed: true };
    }
    if (this.#down) {
      this.#down = false;
      this.options.onAvailable?.();
    }
    const [allowed, waitMs] = result;
    return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  async close(): Promise<void> {
    this.#redis.disconnect();
  }

  #keyOf(key: string): string {
    // Hashed: keys stay short whatever a token's sub holds, and Redis holds no actor names.
    return `${this.options.prefix}:rate-limit:${createHash('sha256').update(key).digest('base64url').slice(0, 32)}`;
  }

  #failed(error: Error): void {
    this.#pausedUntil = Date.now() + (this.options.pauseAfterFailureMs ?? 1000);
    if (this.#down) return;
    this.#down = true;
    this.options.onUnavailable?.(error);
  }
}
