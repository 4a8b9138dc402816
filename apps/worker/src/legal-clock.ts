import { Redis } from 'ioredis';
import pg from 'pg';
import type { Logger } from 'pino';
import { CaseCommands } from '#libs/application/case-commands.js';
import { eventStoreFromConfig } from '#libs/application/event-store-from-config.js';
import { clockFrom } from '#libs/config/clock.js';
import type { AppConfig } from '#libs/config/config.js';
import { startDeadlineTimer, type DeadlineTimer } from '#libs/deadline-timer/deadline-timer.js';
import type { EventStore } from '#libs/event-store/event-store.port.js';

export interface RunningLegalClock {
  stop(): Promise<void>;
}

const RETRY_MS = 5000;

/**
 * The deadline timer in the worker (regulation.md): its own PostgreSQL pool, event store and Redis connection.
 * Starts in the background and retries while PostgreSQL is unreachable, like the projection runtime.
 */
export const startLegalClock = (config: AppConfig, logger: Logger): RunningLegalClock => {
  const log = logger.child({ component: 'legal-clock' });
  const clock = clockFrom(config.clock);
  let stopped = false;
  let pool: pg.Pool | null = null;
  let store: EventStore | null = null;
  let redis: Redis | null = null;
  let timer: DeadlineTimer | null = null;
  let retry: NodeJS.Timeout | undefined;

  const release = async (): Promise<void> => {
    await timer?.stop();
    await store?.close();
    await pool?.end();
    redis?.disconnect();
    [timer, store, pool, redis] = [null, null, null, null];
  };

  const attempt = async (): Promise<void> => {
    try {
      pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
      pool.on('error', () => {});
      store = await eventStoreFromConfig(config, pool);
      redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
      redis.on('error', () => {});
      const caseCommands = new CaseCommands(store, { now: () => clock.now(), allowSyntheticIds: config.allowSyntheticIds, recentCases: 0 });
      timer = await startDeadlineTimer({
        databaseUrl: config.databaseUrl,
        pool,
        redis,
        prefix: config.queuePrefix,
        store,
        caseCommands,
        regulation: config.regulation,
        clock,
        logger: log,
        reconcileEveryMs: config.deadlineReconcileEveryMs,
      });
      if (config.clock.mode !== 'system') log.warn({ clock: config.clock }, 'the legal clock runs on a test clock');
      if (stopped) await release();
    } catch (error) {
      log.error({ error: (error as Error).message }, `deadline timer cannot start; retrying in ${RETRY_MS} ms`);
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
