import { addCalendarDays, isWorkingDay, osloDateOf } from '#libs/domain/regulation/oslo-calendar.js';
import type { Instant, LocalDate } from '#libs/domain/transfer-case/events.js';

/** Weekends and Norwegian public holidays are no working days. */
const NORWEGIAN_WORKING_DAYS = { excludeNorwegianPublicHolidays: true } as const;

/**
 * The last day of the appeal period of pasient- og brukerrettighetsloven § 7-5: four weeks. Counted as statutory
 * periods in weeks are (domstolloven §§ 148–149, which administrative periods follow): the period runs from the day
 * of the decision (its Oslo date) and ends on the same weekday four weeks later, its date + 28 calendar days; when that
 * day is a Saturday, a Sunday or a public holiday, on the next working day. The law runs it from when the user learnt
 * of the decision; `decidedAt` is the nearest instant on record, so a late flag may be a question to look into.
 */
export const lastDayToAppeal = (decidedAt: Instant): LocalDate => {
  let day = addCalendarDays(osloDateOf(decidedAt), 28);
  while (!isWorkingDay(day, NORWEGIAN_WORKING_DAYS)) day = addCalendarDays(day, 1);
  return day;
};

/** An appeal on the last day is in time; on a later day (Oslo) it is late. It is recorded either way. */
export const isAppealLate = (decidedAt: Instant, appealedAt: Instant): boolean =>
  osloDateOf(appealedAt) > lastDayToAppeal(decidedAt);
