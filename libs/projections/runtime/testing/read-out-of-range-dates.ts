import type { CaseEventRecord } from '#libs/domain/transfer-case/events.js';
import type { CaseProjection } from '../case-projection.js';

/**
 * A stand-in for a deployed fix, for tests that show a failing case cleared by a retry: the same projections (same
 * names and versions, as a fix that changes no good case's rows keeps them), except that an expected ready date past
 * year 9999 is read as no expected date, as an upcaster shipped for such events could do.
 */
const readable = (event: CaseEventRecord): CaseEventRecord => {
  if (event.type !== 'MunicipalResponseGiven') return event;
  const { expectedReadyDate, ...rest } = event.data as { expectedReadyDate?: unknown };
  return typeof expectedReadyDate === 'string' && !/^\d{4}-/.test(expectedReadyDate)
    ? ({ ...event, data: rest } as CaseEventRecord)
    : event;
};

export const readingOutOfRangeDates = (projections: readonly CaseProjection[]): CaseProjection[] =>
  projections.map((projection) => ({ ...projection, project: (history) => projection.project(history.map(readable)) }));
