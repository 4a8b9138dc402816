import type pg from 'pg';
import type { DeadlineStatus } from '#libs/domain/regulation/deadlines.js';
import { DEADLINES } from '#libs/projections/deadlines/deadline.projection.js';
import type { DeadlineJobData } from './deadline-queue.js';

export interface DeadlineRow extends DeadlineJobData {
  readonly status: DeadlineStatus;
}

interface Row {
  deadline_id: string;
  case_id: string;
  kind: DeadlineRow['kind'];
  due_at: Date;
  status: DeadlineStatus;
}

const SELECT = `SELECT deadline_id, case_id, kind, due_at, status FROM read_models.${DEADLINES}`;

const toDeadline = (row: Row): DeadlineRow => ({
  deadlineId: row.deadline_id,
  caseId: row.case_id,
  kind: row.kind,
  dueAt: row.due_at.toISOString(),
  status: row.status,
});

/** Every open deadline, due first first (the partial index on open deadlines serves it). */
export const readOpenDeadlines = async (db: pg.Pool | pg.ClientBase): Promise<DeadlineRow[]> =>
  (await db.query<Row>(`${SELECT} WHERE status = 'open' ORDER BY due_at, deadline_id`)).rows.map(toDeadline);

export const readDeadlines = async (db: pg.Pool | pg.ClientBase, deadlineIds: readonly string[]): Promise<DeadlineRow[]> =>
  (await db.query<Row>(`${SELECT} WHERE deadline_id = ANY($1::text[])`, [deadlineIds])).rows.map(toDeadline);

/** Whether the read model exists yet: the projection runtime creates it on its first start. */
export const deadlinesReadable = async (db: pg.Pool | pg.ClientBase): Promise<boolean> =>
  (await db.query<{ exists: boolean }>(`SELECT to_regclass('read_models.${DEADLINES}') IS NOT NULL AS exists`)).rows[0]!.exists;
