import { factTime } from '#libs/domain/transfer-case/event-times.js';
import type { CaseEventRecord, Instant, LocalDate } from '#libs/domain/transfer-case/events.js';
import { caseTimeline, type ReadinessEpisode } from './case-timeline.js';
import { computeDeadlines, readinessCriteriaComplete, type Deadline } from './deadlines.js';
import { addCalendarDays, daysBetween, osloDateOf, startOfNextMonth } from './oslo-calendar.js';
import { dayRate, type RegulationConfig } from './regulation-config.js';

/** § 13: the municipality's payment for discharge-ready patients, by calendar day (døgn) in Europe/Oslo. */

export type LiabilityStatus = 'owed' | 'disputed';
export type DisputeReason = 'notice_late' | 'readiness_notice_late' | 'readiness_criteria_incomplete';

/** The days of a period within one calendar month, so within one year and at one rate. */
export interface LiabilityMonthPart {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly firstDay: LocalDate;
  /** Inclusive. */
  readonly lastDay: LocalDate;
  readonly days: number;
  /** NOK per day; `null` when the year has no configured rate: its days are `rateMissingDays`, priced 0. */
  readonly rate: number | null;
  readonly amount: number;
  readonly rateMissingDays: number;
}

export interface LiabilityPeriod {
  /** Revision of the `DischargeReadinessDeclared` that started the period. */
  readonly declarationRevision: number;
  /** The first liable day: the Oslo date of `declaredAt`. */
  readonly from: LocalDate;
  /** The first day not owed; `null` while the period runs, its days then counted up to and including `asOf`. */
  readonly to: LocalDate | null;
  readonly days: number;
  /** NOK. */
  readonly amount: number;
  readonly rateMissingDays: number;
  readonly status: LiabilityStatus;
  /** The hospital's omissions under §§ 8–10 that make the period disputed; empty when owed. */
  readonly disputeReasons: readonly DisputeReason[];
  readonly byMonth: readonly LiabilityMonthPart[];
}

export interface LiabilityTotals {
  readonly days: number;
  readonly amount: number;
  readonly owedDays: number;
  readonly owedAmount: number;
  readonly disputedDays: number;
  readonly disputedAmount: number;
  readonly rateMissingDays: number;
}

export interface CaseLiability {
  readonly caseId: string;
  readonly municipalityCode: string;
  readonly rulesVersion: string;
  /** The Oslo date of `now`. */
  readonly asOf: LocalDate;
  readonly periods: readonly LiabilityPeriod[];
  readonly totals: LiabilityTotals;
}

/** A period as listed in a month's item of `GET /liability`. */
export interface MonthPeriod {
  /** The whole period's first liable day. */
  readonly from: LocalDate;
  /** The whole period's first day not owed, `null` while it runs. */
  readonly to: LocalDate | null;
  readonly status: LiabilityStatus;
  /** This month's days only. */
  readonly days: number;
  /** This month's amount only. */
  readonly amount: number;
  readonly rateMissingDays: number;
}

/** One case's share of one month, for `GET /liability`. */
export interface CaseMonthLiability extends LiabilityTotals {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly caseId: string;
  readonly municipalityCode: string;
  /** `disputed` when any of the case's days in the month is. */
  readonly status: LiabilityStatus;
  readonly periods: readonly MonthPeriod[];
}

/**
 * Each declaration of readiness starts a period on the Oslo date of its `declaredAt`: whether the
 * municipality answered "cannot receive", answered late, or never answered, the days run from the
 * readiness day. The period ends on the first of: the day of a `canReceive: true` answer to that
 * readiness, of a revocation, of the transfer or of the withdrawal, each on the day it happened (`factTime`),
 * however late it was registered; that day is not owed, so an end on the readiness day itself leaves nothing owed.
 * Which answers and ends belong to which readiness is read in the world's order (`caseTimeline`). A period with no
 * end yet counts its days up to and including the Oslo date of `now`.
 */
export function computeLiability(
  events: readonly CaseEventRecord[],
  config: RegulationConfig,
  now: Instant,
): CaseLiability {
  const { admission, episodes } = caseTimeline(events);
  const deadlines = computeDeadlines(events, config);
  const asOf = osloDateOf(now);
  const periods = episodes.flatMap((episode): LiabilityPeriod[] => {
    const span = liableSpan(episode, asOf);
    if (!span) return [];
    const disputeReasons = hospitalOmissions(episode, deadlines);
    const byMonth = monthParts(span.from, span.until, config);
    const days = sum(byMonth, (part) => part.days);
    return [
      {
        declarationRevision: episode.declaration.revision,
        from: span.from,
        to: span.to,
        days,
        amount: sum(byMonth, (part) => part.amount),
        rateMissingDays: sum(byMonth, (part) => part.rateMissingDays),
        status: disputeReasons.length > 0 ? 'disputed' : 'owed',
        disputeReasons,
        byMonth,
      },
    ];
  });
  return {
    caseId: admission.data.caseId,
    municipalityCode: admission.data.municipalityCode,
    rulesVersion: config.rulesVersion,
    asOf,
    periods,
    totals: totalsOf(periods),
  };
}

/** A case's liability split by month: a month counts only its own days, so a period over two months is in both. */
export function liabilityByMonth(liability: CaseLiability): CaseMonthLiability[] {
  const months = [...new Set(liability.periods.flatMap((period) => period.byMonth.map((part) => part.month)))].sort();
  return months.map((month) => {
    const periods = liability.periods.flatMap((period): MonthPeriod[] =>
      period.byMonth
        .filter((part) => part.month === month)
        .map((part) => ({
          from: period.from,
          to: period.to,
          status: period.status,
          days: part.days,
          amount: part.amount,
          rateMissingDays: part.rateMissingDays,
        })),
    );
    return {
      month,
      caseId: liability.caseId,
      municipalityCode: liability.municipalityCode,
      status: periods.some((period) => period.status === 'disputed') ? 'disputed' : 'owed',
      ...totalsOf(periods),
      periods,
    };
  });
}

interface LiableSpan {
  readonly from: LocalDate;
  readonly to: LocalDate | null;
  /** Exclusive end of the counted days: `to`, or the day after `asOf` while open. */
  readonly until: LocalDate;
}

function liableSpan(episode: ReadinessEpisode, asOf: LocalDate): LiableSpan | undefined {
  const from = osloDateOf(episode.declaration.data.declaredAt);
  const endDays = [
    ...episode.responses.filter((response) => response.data.canReceive).map(factTime),
    ...(episode.end ? [factTime(episode.end.record)] : []),
  ]
    .map(osloDateOf)
    .sort();
  const [firstEnd] = endDays;
  const to = firstEnd === undefined ? null : firstEnd < from ? from : firstEnd;
  const until = to ?? addCalendarDays(asOf, 1);
  return until > from ? { from, to, until } : undefined;
}

function hospitalOmissions(episode: ReadinessEpisode, deadlines: readonly Deadline[]): DisputeReason[] {
  const missed = (kind: Deadline['kind'], triggerRevision?: number) =>
    deadlines.some(
      (deadline) =>
        deadline.kind === kind &&
        deadline.status === 'missed' &&
        (triggerRevision === undefined || deadline.triggerRevision === triggerRevision),
    );
  const checks: [DisputeReason, boolean][] = [
    ['notice_late', missed('admission_notice')],
    ['readiness_notice_late', missed('readiness_notice', episode.declaration.revision)],
    ['readiness_criteria_incomplete', !readinessCriteriaComplete(episode.declaration.data.criteria)],
  ];
  return checks.filter(([, failed]) => failed).map(([reason]) => reason);
}

/** The liable days from `from` up to (not including) `until`, split by month and priced at each year's rate. */
export function monthParts(from: LocalDate, until: LocalDate, config: RegulationConfig): LiabilityMonthPart[] {
  const parts: LiabilityMonthPart[] = [];
  for (let first = from; first < until; ) {
    const nextMonth = startOfNextMonth(first);
    const next = nextMonth < until ? nextMonth : until;
    const days = daysBetween(first, next);
    const rate = dayRate(config, Number(first.slice(0, 4)));
    parts.push({
      month: first.slice(0, 7),
      firstDay: first,
      lastDay: addCalendarDays(next, -1),
      days,
      rate,
      amount: rate === null ? 0 : rate * days,
      rateMissingDays: rate === null ? days : 0,
    });
    first = next;
  }
  return parts;
}

export function totalsOf(
  items: readonly { status: LiabilityStatus; days: number; amount: number; rateMissingDays: number }[],
): LiabilityTotals {
  const owed = items.filter((item) => item.status === 'owed');
  const disputed = items.filter((item) => item.status === 'disputed');
  return {
    days: sum(items, (item) => item.days),
    amount: sum(items, (item) => item.amount),
    owedDays: sum(owed, (item) => item.days),
    owedAmount: sum(owed, (item) => item.amount),
    disputedDays: sum(disputed, (item) => item.days),
    disputedAmount: sum(disputed, (item) => item.amount),
    rateMissingDays: sum(items, (item) => item.rateMissingDays),
  };
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
