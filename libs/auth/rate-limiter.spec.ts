import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('lets a burst through, then refuses with the seconds until the next token', () => {
    const time = clock();
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 }, time.now);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time.advance(500);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('keeps one bucket per actor', () => {
    const time = clock();
    const limiter = new RateLimiter({ perSecond: 1, burst: 1 }, time.now);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('never refills past the burst', () => {
    const time = clock();
    const limiter = new RateLimiter({ perSecond: 10, burst: 2 }, time.now);
    time.advance(60_000);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, false]);
  });

  it('forgets actors whose buckets are full again', () => {
    const time = clock();
    const limiter = new RateLimiter({ perSecond: 10, burst: 10 }, time.now);
    limiter.take('a');
    limiter.take('b');
    expect(limiter.trackedActors).toBe(2);
    time.advance(1000);
    limiter.take('c');
    expect(limiter.trackedActors).toBe(1);
  });
});
