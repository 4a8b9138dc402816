import type pg from 'pg';
import { DEADLINES } from '#libs/projections/deadlines/deadline.projection.js';
import { isNotCreatedYet } from '#libs/postgres/sql-state.js';

export interface DeadlineTimerLag {
  /** Open deadlines past their due instant: the timer has not recorded their miss yet (failing cases left out). */
  readonly overdueDeadlines: number;
  /** How long the oldest of them has been due (0 when none is). */
  readonly secondsBehind: number;
}

/**
 * How far the legal clock is behind, read from the Deadline read model as of `now` (any process): a due deadline stays
 * open until the timer records its `DeadlineMissed` and the projection takes it, normally within a second. Cases marked
 * failing are reported as such instead. Null while the read model does not exist yet.
 */
export const deadlineTimerLag = async (db: pg.Pool | pg.ClientBase, now: Date): Promise<DeadlineTimerLag | null> => {
  const { rows } = await db
    .query<{ overdue: number; oldest: Date | null }>(
      `SELECT count(*)::int AS overdue, min(d.due_at) AS oldest FROM read_models.${DEADLINES} d
       WHERE d.status = 'open' AND d.due_at <= $1
         AND NOT EXISTS (SELECT 1 FROM read_models.failing_cases f WHERE f.case_id = d.case_id)`,
      [now],
    )
    .catch((error: unknown) => {
      if (isNotCreatedYet(error)) return { rows: [] };
      throw error;
    });
  const row = rows[0];
  if (!row) return null;
  return {
    overdueDeadlines: row.overdue,
    secondsBehind: row.oldest ? Math.max(0, (now.getTime() - row.oldest.getTime()) / 1000) : 0,
  };
};
