import { createHmac } from 'node:crypto';

/** As `PSEUDONYM_SECRET` is checked in the config. */
const MIN_SECRET_LENGTH = 16;

/**
 * A stable pseudonym for a national ID: `P-` and the first 16 hex digits (64 bits) of HMAC-SHA256(secret, id).
 * Keyed, because national IDs are few enough to hash them all; a new secret (or format) renames every patient.
 */
export const pseudonymizeNationalId = (secret: string, nationalId: string): string => {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new RangeError(`The pseudonym secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return `P-${createHmac('sha256', secret).update(nationalId, 'utf8').digest('hex').slice(0, 16)}`;
};
