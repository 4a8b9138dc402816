import pg from 'pg';
import type { Logger } from 'pino';
import { eventStoreFromConfig } from '#libs/event-store/event-store-from-config.js';
import type { AppConfig } from '#libs/config/config.js';
import { projectionsFor } from '#libs/projections/registry.js';
import { startProjections } from '#libs/projections/runtime/runtime.js';
import { startInBackground, type BackgroundService } from './background-service.js';

/** Runs every registered projection in this process (DATABASE_URL, EVENT_STORE, PSEUDONYM_SECRET). */
export const startProjectionRuntime = (config: AppConfig, logger: Logger): BackgroundService => {
  const log = logger.child({ component: 'projections' });
  return startInBackground('projection runtime', log, async (own) => {
    const pool = own(new pg.Pool({ connectionString: config.databaseUrl, max: 10 }), (p) => p.end());
    pool.on('error', () => {});
    const store = own(await eventStoreFromConfig(config, pool), (s) => s.close());
    const projections = projectionsFor(config);
    own(await startProjections({ pool, store, projections, logger: log }), (runtime) => runtime.stop());
    log.info({ projections: projections.map((p) => p.name) }, 'projection runtime started');
  });
};
