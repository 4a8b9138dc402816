import type pg from 'pg';
import { migrateReadModels } from './schema.js';

export class UnknownProjectionError extends Error {
  override readonly name = 'UnknownProjectionError';
}

/**
 * Asks whichever process runs the projection to rebuild it: it builds a fresh generation from the whole store beside
 * the live one and swaps it in once caught up. A projection that has never run is simply built when it first starts.
 */
export const requestRebuild = async (pool: pg.Pool, projection: string): Promise<void> => {
  await migrateReadModels(pool);
  await pool.query(
    `UPDATE read_models.projections SET rebuild_requested_at = now(), updated_at = now() WHERE name = $1`,
    [projection],
  );
};
