import type pg from 'pg';
import type { EventStore, RecordedEvent } from '#libs/event-store/event-store.port.js';
import { toCaseRecord } from '#libs/application/case-events.js';
import { caseIdOfStream, type CaseProjection } from '#libs/projections/runtime/case-projection.js';
import { RowWriter } from '#libs/projections/runtime/row-writer.js';

/**
 * How far the read models have drifted from the event log: every projection's pure `project` is run from scratch
 * over every case history in the store, its rows are written to scratch tables shaped like the read models' views,
 * and the two are compared row for row (`EXCEPT ALL` both ways). Answers, per read model table, the rows that differ
 * (missing, extra or different); all zero means no divergence. Run it while nothing appends.
 */
export const readModelDivergences = async (
  db: pg.ClientBase,
  store: EventStore,
  projections: readonly CaseProjection[],
): Promise<Record<string, number>> => {
  const histories = new Map<string, RecordedEvent[]>();
  for (const event of await store.readAll()) {
    const caseId = caseIdOfStream(event.streamName);
    if (caseId === null) continue;
    const history = histories.get(caseId);
    if (history) history.push(event);
    else histories.set(caseId, [event]);
  }
  const divergences: Record<string, number> = {};
  for (const projection of projections) {
    const scratch = await Promise.all(
      projection.tables.map(async (table) => {
        const qualified = `pg_temp."expected_${table.name}"`;
        await db.query(`DROP TABLE IF EXISTS ${qualified}`);
        await db.query(`CREATE TEMP TABLE "expected_${table.name}" (LIKE read_models."${table.name}")`);
        const { rows } = await db.query<{ name: string; type: string }>(
          `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
           WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
          [qualified],
        );
        return { logical: table, qualified, columns: rows };
      }),
    );
    const writer = new RowWriter(scratch);
    const expected: string[][] = projection.tables.map(() => []);
    for (const events of histories.values()) {
      const projected = projection.project(events.sort((a, b) => Number(a.streamRevision - b.streamRevision)).map(toCaseRecord));
      writer.encode(projected).forEach((rows, t) => expected[t]!.push(...rows));
    }
    await writer.replace(db, [], expected);
    for (const { logical, qualified } of scratch) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (
           (TABLE read_models."${logical.name}" EXCEPT ALL TABLE ${qualified})
           UNION ALL
           (TABLE ${qualified} EXCEPT ALL TABLE read_models."${logical.name}")) AS differing`,
      );
      divergences[logical.name] = rows[0]!.n;
    }
  }
  return divergences;
};
