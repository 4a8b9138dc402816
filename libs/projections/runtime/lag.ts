import type pg from 'pg';
import { isNotCreatedYet } from '#libs/postgres/sql-state.js';

export interface ProjectionLag {
  readonly projection: string;
  readonly liveGeneration: number;
  /** The live generation's checkpoint, text `<commit>-<prepare>` (null: nothing processed yet). */
  readonly position: string | null;
  /**
   * Committed case events beyond the checkpoint (counted up to `MAX_COUNTED`), including those a subscription cannot
   * see yet because an older transaction is still running.
   */
  readonly eventsBehind: number;
  /** How long the oldest unprocessed event has been waiting (0 when none is). */
  readonly secondsBehind: number;
  /** A rebuild under way: its generation and how many events it has replayed. */
  readonly rebuilding: { readonly generation: number; readonly eventsProcessed: number } | null;
}

const MAX_COUNTED = 10_000_000;

/**
 * Every registered projection's lag behind the head of the PostgreSQL event store, read in one statement. Empty when
 * no projection has run yet (or the store is not the PostgreSQL one).
 */
export const projectionLag = async (db: pg.Pool | pg.ClientBase): Promise<ProjectionLag[]> => {
  const { rows } = await db
    .query<{
      name: string;
      live_generation: number;
      position: string | null;
      behind: string;
      oldest: Date | null;
      building_generation: number | null;
      building_processed: string | null;
    }>({
      name: 'projection_lag',
      text: /* sql */ `
        SELECT p.name, p.live_generation, c.position, lag.behind, lag.oldest, p.building_generation,
               b.events_processed AS building_processed
        FROM read_models.projections p
        JOIN read_models.projection_checkpoints c ON c.projection = p.name AND c.generation = p.live_generation
        LEFT JOIN read_models.projection_checkpoints b ON b.projection = p.name AND b.generation = p.building_generation
        CROSS JOIN LATERAL (
          SELECT count(*) AS behind, min(e.recorded_at) AS oldest FROM (
            SELECT e.recorded_at FROM event_store.events e
            WHERE (e.transaction_id, e.global_position) >
                  (coalesce(split_part(c.position, '-', 1), '0')::xid8, coalesce(split_part(c.position, '-', 2), '0')::bigint)
              AND starts_with(e.stream_name, 'case-')
            LIMIT ${MAX_COUNTED}
          ) e
        ) lag
        ORDER BY p.name`,
    })
    .catch((error: unknown) => {
      if (isNotCreatedYet(error)) return { rows: [] }; // nothing has run yet
      throw error;
    });
  const now = Date.now();
  return rows.map((row) => ({
    projection: row.name,
    liveGeneration: row.live_generation,
    position: row.position,
    eventsBehind: Number(row.behind),
    secondsBehind: row.oldest ? Math.max(0, (now - row.oldest.getTime()) / 1000) : 0,
    rebuilding:
      row.building_generation === null
        ? null
        : { generation: row.building_generation, eventsProcessed: Number(row.building_processed ?? 0) },
  }));
};
