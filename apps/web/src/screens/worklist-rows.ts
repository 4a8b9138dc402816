import type { CaseSummary } from '../api/types';
import { HOSPITAL, MUNICIPALITY } from '../format/labels';

export interface WorklistRow {
  readonly caseId: string;
  readonly status: string;
  readonly hospital: string;
  readonly municipality: string;
  readonly admittedAt: string;
  readonly daysSinceReady: number | null;
  readonly liability: number | null;
  readonly nextDeadline: { kind: string; dueAt: string } | null;
  readonly level: string | null;
}

const DAY_MS = 24 * 3600_000;

/** One row of the work queue from a CaseSummary (lenient about the optional fields' names). */
export const toRow = (item: CaseSummary, now: number = Date.now()): WorklistRow => {
  const orgNumber = item.hospital?.orgNumber ?? item.hospitalOrgNumber ?? '';
  const days = item.daysSinceReadiness ?? item.daysWaiting ?? (item.readySince ? Math.floor((now - Date.parse(item.readySince)) / DAY_MS) : null);
  const deadline = item.nextDeadline;
  return {
    caseId: item.caseId,
    status: item.status,
    hospital: item.hospital?.name ?? item.hospitalName ?? HOSPITAL[orgNumber] ?? orgNumber,
    municipality: `${MUNICIPALITY[item.municipalityCode] ?? ''} ${item.municipalityCode}`.trim(),
    admittedAt: item.admittedAt,
    daysSinceReady: days,
    liability: item.liabilityAccruing ?? item.liabilityAmount ?? null,
    nextDeadline: deadline ? { kind: deadline.kind ?? deadline.deadline ?? '', dueAt: deadline.dueAt } : null,
    level: item.participationLevel ?? item.participationSoFar ?? null,
  };
};
