import { caseScopeFilter, type CaseOwnership } from '#libs/auth/case-scope.js';
import type { Principal } from '#libs/auth/principal.js';
import { addCalendarDays, startOfOsloDay } from '#libs/domain/regulation/oslo-calendar.js';
import { isLocalDate, parseInstant } from '#libs/domain/transfer-case/time.js';
import type { FieldError } from '../http/problem.js';
import type { AuditFilterDto } from './audit-query.dto.js';

/** What an audit query may read: its filters, narrowed to the caller's scope. Bounds are instants, `to` exclusive. */
export interface AuditFilter {
  /** The caller's case scope (`caseScopeFilter`): outside it, rows are simply not there. */
  readonly scope: Partial<CaseOwnership> | null;
  readonly municipalityCode?: string;
  readonly hospitalOrgNumber?: string;
  readonly from?: string;
  readonly toInclusive?: string;
  readonly toExclusive?: string;
  readonly level?: string;
  readonly ladderStep?: string;
}

export type FilterResult = { readonly filter: AuditFilter } | { readonly errors: FieldError[] };

/** A date means the whole day in Europe/Oslo: `from` its first instant, `to` up to the next day's first. */
export const auditFilter = (query: AuditFilterDto, principal: Principal): FilterResult => {
  const from = query.from === undefined ? undefined : isLocalDate(query.from) ? startOfOsloDay(query.from) : query.from;
  const to =
    query.to === undefined
      ? {}
      : isLocalDate(query.to)
        ? { toExclusive: startOfOsloDay(addCalendarDays(query.to, 1)) }
        : { toInclusive: query.to };
  const start = from === undefined ? undefined : parseInstant(from)!;
  const emptyRange =
    start !== undefined &&
    ((to.toInclusive !== undefined && start > parseInstant(to.toInclusive)!) ||
      (to.toExclusive !== undefined && start >= parseInstant(to.toExclusive)!));
  if (emptyRange) {
    return { errors: [{ field: 'to', message: 'to must not be before from' }] };
  }
  return {
    filter: {
      scope: caseScopeFilter(principal),
      ...(query.municipalityCode !== undefined && { municipalityCode: query.municipalityCode }),
      ...(query.hospitalOrgNumber !== undefined && { hospitalOrgNumber: query.hospitalOrgNumber }),
      ...(from !== undefined && { from }),
      ...to,
      ...(query.level !== undefined && { level: query.level }),
      ...(query.ladderStep !== undefined && { ladderStep: query.ladderStep }),
    },
  };
};

/** The keyset of the audit order: decided_at (PostgreSQL's own text, so no precision is lost), case, decision. */
export interface AllocationCursor {
  readonly decidedAt: string;
  readonly caseId: string;
  readonly decisionId: string;
}

const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

export const encodeCursor = (cursor: AllocationCursor): string =>
  Buffer.from(JSON.stringify([cursor.decidedAt, cursor.caseId, cursor.decisionId]), 'utf8').toString('base64url');

export const decodeCursor = (text: string): AllocationCursor | null => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((part) => typeof part === 'string')) return null;
    const [decidedAt, caseId, decisionId] = parsed as [string, string, string];
    return PG_TIMESTAMPTZ.test(decidedAt) && caseId.length <= 64 && decisionId.length <= 64
      ? { decidedAt, caseId, decisionId }
      : null;
  } catch {
    return null;
  }
};
