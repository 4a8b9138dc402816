import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { freePort } from '#libs/testing/running-api.js';
import { RateLimiter, type RateLimit } from './rate-limiter.js';

/** Against the local Redis, under a key prefix of this test's own. */
describe('RateLimiter', () => {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `rate-test-${randomUUID()}`;
  const limiters: RateLimiter[] = [];
  const limiter = (limit: RateLimit, options: Partial<ConstructorParameters<typeof RateLimiter>[2]> = {}, url = redisUrl): RateLimiter => {
    const made = new RateLimiter(url, limit, { prefix, ...options });
    limiters.push(made);
    return made;
  };
  const allowed = async (made: RateLimiter, key: string, times: number): Promise<boolean[]> => {
    const answers: boolean[] = [];
    for (let i = 0; i < times; i += 1) answers.push((await made.take(key)).allowed);
    return answers;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  afterAll(async () => {
    await Promise.all(limiters.map((made) => made.close()));
  });

  it('lets a burst through, then refuses with the seconds until the next request may go', async () => {
    const made = limiter({ perSecond: 2, burst: 3 });
    expect(await allowed(made, 'a', 3)).toEqual([true, true, true]);
    expect(await made.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    await sleep(600);
    expect((await made.take('a')).allowed).toBe(true);
  });

  it('keeps one limit per key', async () => {
    const made = limiter({ perSecond: 1, burst: 1 });
    expect(await allowed(made, 'b', 2)).toEqual([true, false]);
    expect((await made.take('c')).allowed).toBe(true);
  });

  it('never lets more than the burst through at once, however long a key was idle', async () => {
    expect(await allowed(limiter({ perSecond: 5, burst: 2 }), 'd', 3)).toEqual([true, true, false]);
  });

  it('says how long to wait when the rate is slow', async () => {
    const made = limiter({ perSecond: 1, burst: 1 });
    await made.take('e');
    const slow = limiter({ perSecond: 0.2, burst: 1 });
    await slow.take('f');
    expect(await slow.take('f')).toEqual({ allowed: false, retryAfterSeconds: 5 });
  });

  it('is one limit across limiters, as across API processes', async () => {
    const [one, two] = [limiter({ perSecond: 1, burst: 4 }), limiter({ perSecond: 1, burst: 4 })];
    const answers = [...(await allowed(one, 'g', 2)), ...(await allowed(two, 'g', 2)), (await one.take('g')).allowed, (await two.take('g')).allowed];
    expect(answers).toEqual([true, true, true, true, false, false]);
  });

  it('keeps nothing in Redis for a key once it could burst again', async () => {
    const own = `${prefix}-expiry`;
    const made = limiter({ perSecond: 10, burst: 3 }, { prefix: own });
    await made.take('h');
    const redis = new Redis(redisUrl);
    try {
      const keys = await redis.keys(`${own}:rate-limit:*`);
      expect(keys).toHaveLength(1);
      expect(await redis.pttl(keys[0]!)).toBeLessThanOrEqual(101);
    } finally {
      redis.disconnect();
    }
  });

  it('lets every request through while Redis is unreachable, and says so once', async () => {
    const outages: Error[] = [];
    const made = limiter({ perSecond: 1, burst: 1 }, { onUnavailable: (error) => outages.push(error) }, `redis://127.0.0.1:${await freePort()}`);
    expect(await allowed(made, 'i', 5)).toEqual([true, true, true, true, true]);
    expect(outages).toHaveLength(1);
  });
});
