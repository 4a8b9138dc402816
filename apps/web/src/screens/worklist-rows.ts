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
  readonly liabilityDisputed: boolean;
  readonly nextDeadline: { kind: string; dueAt: string } | null;
  readonly level: string | null;
}

/** One row of the work queue from a CaseSummary, with names for the codes. */
export const toRow = (item: CaseSummary): WorklistRow => ({
  caseId: item.caseId,
  status: item.status,
  hospital: HOSPITAL[item.hospitalOrgNumber] ?? item.hospitalOrgNumber,
  municipality: `${MUNICIPALITY[item.municipalityCode] ?? ''} ${item.municipalityCode}`.trim(),
  admittedAt: item.admittedAt,
  daysSinceReady: item.daysWaiting,
  liability: item.liability?.amount ?? null,
  liabilityDisputed: item.liability?.status === 'disputed',
  nextDeadline: item.nextDeadline,
  level: item.participation?.level ?? null,
});
