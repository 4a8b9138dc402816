import type pg from 'pg';
import { isNotCreatedYet } from '#libs/postgres/sql-state.js';

/**
 * The failing-case registry (`read_models.failing_cases`): cases a projection or the deadline timer could not
 * handle. A projection marks its cases per generation, in the transaction that writes its rows and checkpoint; any
 * other component marks them under generation 0. Marks are cleared when the case is handled again.
 */

/** The generation under which components that are not projections mark their cases. */
export const COMPONENT_GENERATION = 0;

type Db = pg.Pool | pg.ClientBase;

export interface CaseFailure {
  readonly caseId: string;
  /** The first event it could not handle (text `<commit>-<prepare>`), its type and its revision in the case stream. */
  readonly position: string | null;
  readonly eventType: string | null;
  readonly revision: number | null;
  /** What went wrong, without patient data (`failureMessage`). */
  readonly error: string;
  /** The case's last event seen when it failed. */
  readonly lastPosition: string | null;
}

export interface FailingCase extends CaseFailure {
  /** A projection's name, or a component: `deadline_timer`. */
  readonly component: string;
  readonly since: string;
  readonly lastFailedAt: string;
  readonly attempts: number;
  /** An admin asked for a retry that has not run yet. */
  readonly retryRequestedAt: string | null;
}

interface Row {
  component: string;
  case_id: string;
  position: string | null;
  event_type: string | null;
  revision: number | null;
  error: string;
  since: Date;
  last_failed_at: Date;
  last_position: string | null;
  attempts: number;
  retry_requested_at: Date | null;
}

const toFailingCase = (row: Row): FailingCase => ({
  component: row.component,
  caseId: row.case_id,
  position: row.position,
  eventType: row.event_type,
  revision: row.revision,
  error: row.error,
  since: row.since.toISOString(),
  lastFailedAt: row.last_failed_at.toISOString(),
  lastPosition: row.last_position,
  attempts: row.attempts,
  retryRequestedAt: row.retry_requested_at?.toISOString() ?? null,
});

/** Before anything has run there is no registry: nothing is failing. */
const orNothing = <T>(fallback: T) => (error: unknown): T => {
  if (isNotCreatedYet(error)) return fallback;
  throw error;
};

/**
 * Marks cases failing (or failing again). A case already marked keeps its first position and `since`, unless
 * `relocate` (a retry that replayed the whole stream): then the first event it fails on now replaces it.
 */
export const markFailing = async (
  db: pg.ClientBase,
  component: string,
  generation: number,
  failures: readonly CaseFailure[],
  { relocate = false }: { relocate?: boolean } = {},
): Promise<void> => {
  if (failures.length === 0) return;
  const records = failures.map((f) => ({
    case_id: f.caseId,
    position: f.position,
    event_type: f.eventType,
    revision: f.revision,
    error: f.error,
    last_position: f.lastPosition,
  }));
  await db.query(
    `INSERT INTO read_models.failing_cases (component, generation, case_id, position, event_type, revision, error, last_position)
     SELECT $1, $2, f.case_id, f.position, f.event_type, f.revision, f.error, f.last_position
     FROM jsonb_to_recordset($3::jsonb) AS f(case_id text, position text, event_type text, revision integer, error text, last_position text)
     ON CONFLICT (component, generation, case_id) DO UPDATE SET
       position = CASE WHEN $4 THEN EXCLUDED.position ELSE failing_cases.position END,
       event_type = CASE WHEN $4 THEN EXCLUDED.event_type ELSE failing_cases.event_type END,
       revision = CASE WHEN $4 THEN EXCLUDED.revision ELSE failing_cases.revision END,
       error = EXCLUDED.error, last_position = EXCLUDED.last_position, last_failed_at = now(),
       attempts = failing_cases.attempts + 1, retry_requested_at = NULL`,
    [component, generation, JSON.stringify(records), relocate],
  );
  await db.query(
    `INSERT INTO read_models.case_failure_counts (component, failures) VALUES ($1, $2)
     ON CONFLICT (component) DO UPDATE SET failures = case_failure_counts.failures + EXCLUDED.failures`,
    [component, failures.length],
  );
};

/** Clears the marks of cases handled again; returns the cases that were marked. */
export const clearFailing = async (db: Db, component: string, generation: number, caseIds: readonly string[]): Promise<string[]> => {
  if (caseIds.length === 0) return [];
  const { rows } = await db.query<{ case_id: string }>(
    `DELETE FROM read_models.failing_cases WHERE component = $1 AND generation = $2 AND case_id = ANY($3::text[]) RETURNING case_id`,
    [component, generation, caseIds],
  );
  return rows.map((row) => row.case_id);
};

/** The cases one generation of a projection (or a component, generation 0) has marked. */
export const markedCases = async (db: Db, component: string, generation: number): Promise<string[]> =>
  (
    await db
      .query<{ case_id: string }>('SELECT case_id FROM read_models.failing_cases WHERE component = $1 AND generation = $2', [
        component,
        generation,
      ])
      .catch(orNothing({ rows: [] }))
  ).rows.map((row) => row.case_id);

/** The retry of these cases has started (a component that cannot tell its outcome at once): the request is taken. */
export const retryTaken = async (db: Db, component: string, generation: number, caseIds: readonly string[]): Promise<void> => {
  if (caseIds.length === 0) return;
  await db.query(
    'UPDATE read_models.failing_cases SET retry_requested_at = NULL WHERE component = $1 AND generation = $2 AND case_id = ANY($3::text[])',
    [component, generation, caseIds],
  );
};

/** Cases an admin asked to retry, of one generation of a projection (or a component, generation 0). */
export const retriesRequested = async (db: Db, component: string, generation: number, limit: number): Promise<string[]> =>
  (
    await db.query<{ case_id: string }>(
      `SELECT case_id FROM read_models.failing_cases
       WHERE component = $1 AND generation = $2 AND retry_requested_at IS NOT NULL ORDER BY retry_requested_at, case_id LIMIT $3`,
      [component, generation, limit],
    )
  ).rows.map((row) => row.case_id);

/** The generations of a projection (or component) with retries waiting. */
export const generationsWithRetries = async (db: Db, component: string): Promise<number[]> =>
  (
    await db.query<{ generation: number }>(
      'SELECT DISTINCT generation FROM read_models.failing_cases WHERE component = $1 AND retry_requested_at IS NOT NULL',
      [component],
    )
  ).rows.map((row) => row.generation);

/** What counts: a projection's live generation, and every other component's marks. */
const CURRENT = `
  FROM read_models.failing_cases f
  LEFT JOIN read_models.projections p ON p.name = f.component
  WHERE f.generation = coalesce(p.live_generation, ${COMPONENT_GENERATION})`;

export interface FailingCaseFilter {
  readonly component?: string;
  readonly caseId?: string;
}

/** The cases failing now (live generations and components), oldest first. */
export const listFailingCases = async (db: Db, filter: FailingCaseFilter = {}, limit = 1000): Promise<FailingCase[]> => {
  const { rows } = await db
    .query<Row>(
      `SELECT f.component, f.case_id, f.position, f.event_type, f.revision, f.error, f.since, f.last_failed_at,
              f.last_position, f.attempts, f.retry_requested_at
       ${CURRENT} AND ($1::text IS NULL OR f.component = $1) AND ($2::text IS NULL OR f.case_id = $2)
       ORDER BY f.since, f.component, f.case_id LIMIT $3`,
      [filter.component ?? null, filter.caseId ?? null, limit],
    )
    .catch(orNothing({ rows: [] as Row[] }));
  return rows.map(toFailingCase);
};

/** The oldest `perComponent` cases failing now in each projection and component, oldest first. */
export const oldestFailingCases = async (db: Db, perComponent: number): Promise<FailingCase[]> => {
  const { rows } = await db
    .query<Row>(
      `SELECT component, case_id, position, event_type, revision, error, since, last_failed_at, last_position, attempts,
              retry_requested_at
       FROM (
         SELECT f.*, row_number() OVER (PARTITION BY f.component ORDER BY f.since, f.case_id) AS n ${CURRENT}
       ) ranked
       WHERE n <= $1 ORDER BY component, since, case_id`,
      [perComponent],
    )
    .catch(orNothing({ rows: [] as Row[] }));
  return rows.map(toFailingCase);
};

/** How many cases each component is failing on now. */
export const failingCaseCounts = async (db: Db): Promise<Map<string, number>> => {
  const { rows } = await db
    .query<{ component: string; cases: number }>(`SELECT f.component, count(*)::int AS cases ${CURRENT} GROUP BY f.component`)
    .catch(orNothing({ rows: [] as { component: string; cases: number }[] }));
  return new Map(rows.map((row) => [row.component, row.cases]));
};

/** Every failure recorded so far, per component. */
export const caseFailureTotals = async (db: Db): Promise<Map<string, number>> => {
  const { rows } = await db
    .query<{ component: string; failures: string }>('SELECT component, failures FROM read_models.case_failure_counts')
    .catch(orNothing({ rows: [] as { component: string; failures: string }[] }));
  return new Map(rows.map((row) => [row.component, Number(row.failures)]));
};

export interface RetryRequest {
  readonly component: string;
  readonly caseId: string;
  /** When it was asked for (the database's clock, as `lastFailedAt`). */
  readonly requestedAt: string;
}

/**
 * Asks for a retry of the failing cases that match (all of them without a filter), in every generation: whoever handles
 * each component re-reads the case and clears its mark when it succeeds. Returns the current marks asked to retry.
 */
export const requestRetry = async (db: Db, filter: FailingCaseFilter = {}): Promise<RetryRequest[]> => {
  const { rows } = await db
    .query<{ component: string; case_id: string; requested_at: Date }>(
      `WITH asked AS (
         UPDATE read_models.failing_cases SET retry_requested_at = now()
         WHERE ($1::text IS NULL OR component = $1) AND ($2::text IS NULL OR case_id = $2)
         RETURNING component, generation, case_id, retry_requested_at
       )
       SELECT a.component, a.case_id, a.retry_requested_at AS requested_at FROM asked a
       LEFT JOIN read_models.projections p ON p.name = a.component
       WHERE a.generation = coalesce(p.live_generation, ${COMPONENT_GENERATION})
       ORDER BY a.component, a.case_id`,
      [filter.component ?? null, filter.caseId ?? null],
    )
    .catch(orNothing({ rows: [] as { component: string; case_id: string; requested_at: Date }[] }));
  return rows.map((row) => ({ component: row.component, caseId: row.case_id, requestedAt: row.requested_at.toISOString() }));
};

/** Drops the marks of a generation that is dropped. */
export const dropGenerationMarks = async (db: pg.ClientBase, projection: string, generation: number): Promise<void> => {
  await db.query('DELETE FROM read_models.failing_cases WHERE component = $1 AND generation = $2', [projection, generation]);
};
