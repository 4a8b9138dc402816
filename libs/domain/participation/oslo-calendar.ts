import { DateTime } from 'luxon';
import type { Instant } from '#libs/domain/transfer-case/events.js';

const osloDay = (instant: Instant): DateTime => DateTime.fromISO(instant).setZone('Europe/Oslo').startOf('day');

/** Calendar days between two instants' days in Europe/Oslo: 0 on the same day, 1 on the next, DST or not. */
export const calendarDaysInOslo = (from: Instant, to: Instant): number =>
  osloDay(to).diff(osloDay(from), 'days').days;
