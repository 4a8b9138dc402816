import type pg from 'pg';
import { migrateReadModels } from './schema.js';

export class UnknownProjectionError extends Error {
  override readonly name = 'UnknownProjectionError';
}

/**
 * Asks whichever process runs the projection to rebuild it: it builds a fresh generation from the whole store beside
 * the live one and swaps it in once caught up. False when the projection has never run: it is built when it first starts.
 */
export const requestRebuild = async (pool: pg.Pool, projection: string): Promise<boolean> => {
  await migrateReadModels(pool);
  const { rowCount } = await pool.query(
    `UPDATE read_models.projections SET rebuild_requested_at = now(), updated_at = now() WHERE name = $1`,
    [projection],
  );
  return rowCount === 1;
};
