import pg from 'pg';
import type { Logger } from 'pino';
import { eventStoreFromConfig } from '#libs/application/event-store-from-config.js';
import type { AppConfig } from '#libs/config/config.js';
import type { EventStore } from '#libs/event-store/event-store.port.js';
import { projectionsFor } from '#libs/projections/registry.js';
import { startProjections, type ProjectionRuntime } from '#libs/projections/runtime/runtime.js';

export interface RunningProjections {
  stop(): Promise<void>;
}

const RETRY_MS = 5000;

/**
 * Runs every registered projection in this process (DATABASE_URL, EVENT_STORE, PSEUDONYM_SECRET). Starts in the
 * background and retries while PostgreSQL is unreachable, so the worker's queues do not wait for it.
 */
export const startProjectionRuntime = (config: AppConfig, logger: Logger): RunningProjections => {
  const log = logger.child({ component: 'projections' });
  let stopped = false;
  let pool: pg.Pool | null = null;
  let store: EventStore | null = null;
  let runtime: ProjectionRuntime | null = null;
  let retry: NodeJS.Timeout | undefined;

  const release = async (): Promise<void> => {
    await runtime?.stop();
    await store?.close();
    await pool?.end();
    runtime = null;
    store = null;
    pool = null;
  };

  const attempt = async (): Promise<void> => {
    try {
      pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
      pool.on('error', () => {});
      store = await eventStoreFromConfig(config, pool);
      const projections = projectionsFor(config);
      runtime = await startProjections({ pool, store, projections, logger: log });
      log.info({ projections: projections.map((p) => p.name) }, 'projection runtime started');
      if (stopped) await release();
    } catch (error) {
      log.error({ error: (error as Error).message }, `projection runtime cannot start; retrying in ${RETRY_MS} ms`);
      await release().catch(() => {});
      if (!stopped) retry = setTimeout(() => void attempt(), RETRY_MS);
    }
  };
  const started = attempt();

  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await started;
      await release();
    },
  };
};
