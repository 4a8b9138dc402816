import { seededRandom } from './seeded-random.js';

describe('the seeded random generator', () => {
  it('is mulberry32: seed 1 starts with the published reference outputs', () => {
    const random = seededRandom(1);
    expect([random(), random(), random()].map((value) => value * 2 ** 32)).toEqual([2693262067, 11749833, 2265367787]);
  });

  it('gives the same sequence for the same seed and another for another seed', () => {
    const take = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 100 }, () => random());
    };
    expect(take(2026)).toEqual(take(2026));
    expect(take(2026)).not.toEqual(take(2027));
  });

  it('stays in [0, 1) and spreads over it', () => {
    const random = seededRandom(1_000_003);
    const values = Array.from({ length: 100_000 }, () => random());
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    const tenths = new Array<number>(10).fill(0);
    for (const value of values) tenths[Math.floor(value * 10)]!++;
    for (const count of tenths) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});
