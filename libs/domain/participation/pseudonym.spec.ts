import { createHmac } from 'node:crypto';
import { pseudonymizeNationalId } from './pseudonym.js';

const SECRET = 'a-test-secret-that-is-long-enough';
const NATIONAL_ID = '15833841383';

describe('pseudonymizeNationalId', () => {
  it('is P- and the first 16 hex digits of HMAC-SHA256 keyed with the secret', () => {
    const expected = createHmac('sha256', SECRET).update(NATIONAL_ID).digest('hex').slice(0, 16);

    expect(pseudonymizeNationalId(SECRET, NATIONAL_ID)).toBe(`P-${expected}`);
    expect(pseudonymizeNationalId(SECRET, NATIONAL_ID)).toMatch(/^P-[0-9a-f]{16}$/);
  });

  it('is stable for one secret and differs between secrets and between patients', () => {
    const pseudonym = pseudonymizeNationalId(SECRET, NATIONAL_ID);

    expect(pseudonymizeNationalId(SECRET, NATIONAL_ID)).toBe(pseudonym);
    expect(pseudonymizeNationalId(`${SECRET}-rotated`, NATIONAL_ID)).not.toBe(pseudonym);
    expect(pseudonymizeNationalId(SECRET, '15833841464')).not.toBe(pseudonym);
  });

  it('refuses a secret too short to keep the national IDs from being guessed', () => {
    expect(() => pseudonymizeNationalId('short', NATIONAL_ID)).toThrow(RangeError);
  });
});
