import {
  liabilityByMonth,
  monthParts,
  totalsOf,
  type CaseLiability,
  type DisputeReason,
  type LiabilityPeriod,
  type LiabilityStatus,
  type LiabilityTotals,
} from '#libs/domain/regulation/liability.js';
import { addCalendarDays, osloDateOf } from '#libs/domain/regulation/oslo-calendar.js';
import type { RegulationConfig } from '#libs/domain/regulation/regulation-config.js';
import type { Instant, LocalDate } from '#libs/domain/transfer-case/events.js';

/** A row of `read_models.liability_periods`. */
export interface StoredLiabilityPeriod {
  readonly caseId: string;
  readonly declarationRevision: number;
  readonly municipalityCode: string;
  readonly from: LocalDate;
  /** The first day not owed; `null` while the period runs. */
  readonly to: LocalDate | null;
  readonly status: LiabilityStatus;
  readonly disputeReasons: readonly DisputeReason[];
}

/**
 * One case's liability on the Oslo date of `now`, from its stored periods: a running period counts its days up to and
 * including today, exactly as `computeLiability` over the case's events would at the same instant.
 */
export const caseLiabilityAsOf = (
  stored: readonly StoredLiabilityPeriod[],
  config: RegulationConfig,
  now: Instant,
): CaseLiability => {
  const [first] = stored;
  if (!first) throw new Error('caseLiabilityAsOf needs at least one period');
  const asOf = osloDateOf(now);
  const periods = [...stored]
    .sort((a, b) => a.declarationRevision - b.declarationRevision)
    .flatMap((period): LiabilityPeriod[] => {
      const until = period.to ?? addCalendarDays(asOf, 1);
      if (until <= period.from) return [];
      const byMonth = monthParts(period.from, until, config);
      return [
        {
          declarationRevision: period.declarationRevision,
          from: period.from,
          to: period.to,
          days: byMonth.reduce((days, part) => days + part.days, 0),
          amount: byMonth.reduce((amount, part) => amount + part.amount, 0),
          rateMissingDays: byMonth.reduce((days, part) => days + part.rateMissingDays, 0),
          status: period.status,
          disputeReasons: period.disputeReasons,
          byMonth,
        },
      ];
    });
  return {
    caseId: first.caseId,
    municipalityCode: first.municipalityCode,
    rulesVersion: config.rulesVersion,
    asOf,
    periods,
    totals: totalsOf(periods),
  };
};

export interface LiabilityReportPeriod {
  readonly from: LocalDate;
  readonly to: LocalDate | null;
  readonly days: number;
  readonly amount: number;
  readonly rateMissingDays: number;
  readonly status: LiabilityStatus;
}

export interface LiabilityReportCase {
  readonly caseId: string;
  readonly status: LiabilityStatus;
  readonly days: number;
  readonly amount: number;
  readonly rateMissingDays: number;
  readonly periods: readonly LiabilityReportPeriod[];
}

/** One item of `GET /liability`: a municipality's month, counting only that month's days. */
export interface LiabilityReportItem {
  readonly municipalityCode: string;
  /** `YYYY-MM`. */
  readonly month: string;
  readonly owedDays: number;
  readonly owedAmount: number;
  readonly disputedDays: number;
  readonly disputedAmount: number;
  readonly rateMissingDays: number;
  readonly cases: readonly LiabilityReportCase[];
}

/** Groups stored periods into `GET /liability` items as of `now`: by municipality and month, `month` alone when given. */
export const liabilityReport = (
  stored: readonly StoredLiabilityPeriod[],
  config: RegulationConfig,
  now: Instant,
  month?: string,
): LiabilityReportItem[] => {
  const byCase = new Map<string, StoredLiabilityPeriod[]>();
  for (const period of stored) byCase.set(period.caseId, [...(byCase.get(period.caseId) ?? []), period]);
  const items = new Map<string, { municipalityCode: string; month: string; cases: LiabilityReportCase[] }>();
  for (const periods of byCase.values()) {
    for (const part of liabilityByMonth(caseLiabilityAsOf(periods, config, now))) {
      if (month !== undefined && part.month !== month) continue;
      const key = `${part.month} ${part.municipalityCode}`;
      const item = items.get(key) ?? { municipalityCode: part.municipalityCode, month: part.month, cases: [] };
      items.set(key, item);
      item.cases.push({
        caseId: part.caseId,
        status: part.status,
        days: part.days,
        amount: part.amount,
        rateMissingDays: part.rateMissingDays,
        periods: part.periods.map(({ from, to, days, amount, rateMissingDays, status }) => ({
          from,
          to,
          days,
          amount,
          rateMissingDays,
          status,
        })),
      });
    }
  }
  return [...items.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, item]) => {
      const cases = item.cases.sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
      const totals = totalsOf(cases.flatMap((entry) => entry.periods));
      return {
        municipalityCode: item.municipalityCode,
        month: item.month,
        owedDays: totals.owedDays,
        owedAmount: totals.owedAmount,
        disputedDays: totals.disputedDays,
        disputedAmount: totals.disputedAmount,
        rateMissingDays: totals.rateMissingDays,
        cases,
      };
    });
};

/** What a case owes so far, for the work queue: its totals as of `now` and whether a period is still running. */
export interface AccruedLiability extends LiabilityTotals {
  readonly running: boolean;
}

export const accruedLiability = (
  stored: readonly StoredLiabilityPeriod[],
  config: RegulationConfig,
  now: Instant,
): AccruedLiability => ({
  ...caseLiabilityAsOf(stored, config, now).totals,
  running: stored.some((period) => period.to === null),
});
