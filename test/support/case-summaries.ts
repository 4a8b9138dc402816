import pg from 'pg';
import { pino } from 'pino';
import { DEFAULT_REGULATION_CONFIG } from '#libs/domain/regulation/regulation-config.js';
import { createPostgresEventStore } from '#libs/event-store/postgres/postgres-event-store.js';
import { CASE_VIEWS, caseSummaryProjection } from '#libs/projections/case-summary/case-summary.projection.js';
import { startProjections } from '#libs/projections/runtime/runtime.js';
import { waitUntil } from './wait-until.js';

export interface RunningCaseSummaries {
  stop(): Promise<void>;
}

/**
 * `GET /cases/{caseId}` reads the case summary read model, which the worker keeps. Tests that read cases without a
 * worker run that one projection here, in the test's process, on the API's database.
 */
export const startCaseSummaries = async (databaseUrl: string): Promise<RunningCaseSummaries> => {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const store = await createPostgresEventStore({ pool });
  const runtime = await startProjections({
    pool,
    store,
    projections: [caseSummaryProjection(DEFAULT_REGULATION_CONFIG)],
    logger: pino({ level: 'silent' }),
    settings: { lockRetryMs: 50, controlIntervalMs: 50 },
  });
  // The runner creates the read model once it holds the projection's lock: until then every read would be a 503.
  await waitUntil('the case summary read model', async () => {
    const { rows } = await pool.query<{ ready: boolean }>(`SELECT to_regclass('read_models.${CASE_VIEWS}') IS NOT NULL AS ready`);
    return rows[0]!.ready || undefined;
  }, 20_000);
  return {
    stop: async () => {
      await runtime.stop();
      await store.close();
      await pool.end();
    },
  };
};
