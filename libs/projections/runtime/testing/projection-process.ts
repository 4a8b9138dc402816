import pg from 'pg';
import { eventStoreFromConfig } from '#libs/event-store/event-store-from-config.js';
import { loadConfig } from '#libs/config/config.js';
import { createLogger } from '#libs/observability/logger.js';
import { projectionsFor } from '#libs/projections/registry.js';
import { startProjections } from '../runtime.js';
import { readingOutOfRangeDates } from './read-out-of-range-dates.js';

/**
 * Every registered projection in a process of its own, for tests that kill it (`node dist/.../projection-process.js`):
 * DATABASE_URL and the rest of the configuration from the environment. Prints `started` once running.
 * `--with-fix`: with the stand-in fix of `read-out-of-range-dates.ts` deployed.
 */
const config = loadConfig();
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4 });
pool.on('error', () => {});
const store = await eventStoreFromConfig(config, pool);
const runtime = await startProjections({
  pool,
  store,
  projections: process.argv.includes('--with-fix') ? readingOutOfRangeDates(projectionsFor(config)) : projectionsFor(config),
  logger: createLogger(config.logLevel, 'projection-process'),
  settings: { lockRetryMs: 100, controlIntervalMs: 100 },
});
process.stdout.write('started\n');
process.once('SIGTERM', () => {
  void runtime.stop().then(() => store.close()).then(() => pool.end()).then(() => process.exit(0));
});
