import { isBackdated } from './backdated.js';

describe('isBackdated', () => {
  it.each([
    ['recorded as it happened', '2026-03-02T08:00:00.000Z', '2026-03-02T08:00:00.000Z', false],
    ['recorded exactly 24 hours later', '2026-03-02T08:00:00.000Z', '2026-03-03T08:00:00.000Z', false],
    ['recorded more than 24 hours later', '2026-03-02T08:00:00.000Z', '2026-03-03T08:00:00.001Z', true],
    ['with other offsets, 25 hours apart', '2026-03-02T08:00:00+01:00', '2026-03-03T09:00:00+01:00', true],
    ['23 hours across the change to summer time', '2026-03-28T12:00:00+01:00', '2026-03-29T12:00:00+02:00', false],
  ])('%s: %s recorded %s is backdated: %s', (_case, occurredAt, recordedAt, expected) => {
    expect(isBackdated(occurredAt, recordedAt)).toBe(expected);
  });
});
