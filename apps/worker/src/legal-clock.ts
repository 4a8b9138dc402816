import { Redis } from 'ioredis';
import pg from 'pg';
import type { Logger } from 'pino';
import { CaseCommands } from '#libs/application/case-commands.js';
import { eventStoreFromConfig } from '#libs/event-store/event-store-from-config.js';
import type { Clock } from '#libs/config/clock.js';
import type { AppConfig } from '#libs/config/config.js';
import { startDeadlineTimer } from '#libs/deadline-timer/deadline-timer.js';
import { startInBackground, type BackgroundService } from './background-service.js';

/** The deadline timer in the worker (regulation.md): its own PostgreSQL pool, event store and Redis connection. */
export const startLegalClock = (config: AppConfig, clock: Clock, logger: Logger): BackgroundService => {
  const log = logger.child({ component: 'legal-clock' });
  return startInBackground('deadline timer', log, async (own) => {
    const pool = own(new pg.Pool({ connectionString: config.databaseUrl, max: 10 }), (p) => p.end());
    pool.on('error', () => {});
    const store = own(await eventStoreFromConfig(config, pool), (s) => s.close());
    const redis = own(new Redis(config.redisUrl, { maxRetriesPerRequest: null }), (r) => r.disconnect());
    redis.on('error', () => {});
    const caseCommands = new CaseCommands(store, { now: () => clock.now(), allowSyntheticIds: config.allowSyntheticIds, recentCases: 0 });
    own(
      await startDeadlineTimer({
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
      }),
      (timer) => timer.stop(),
    );
    if (config.clock.mode !== 'system') log.warn({ clock: config.clock }, 'the legal clock runs on a test clock');
  });
};
