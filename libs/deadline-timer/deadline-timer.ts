import { DelayedError, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { CaseCommands } from '#libs/application/case-commands.js';
import { CaseUnreadableError } from '#libs/application/case-unreadable.js';
import type { Clock } from '#libs/config/clock.js';
import type { RegulationConfig } from '#libs/domain/regulation/regulation-config.js';
import type { EventStore } from '#libs/event-store/event-store.port.js';
import { migrateReadModels } from '#libs/projections/runtime/schema.js';
import { DEADLINE_QUEUE, DEFAULT_FIRE_RETRY, type DeadlineJobData, type DeadlineQueue, type FireRetry } from './deadline-queue.js';
import { deadlinesReadable } from './deadline-reads.js';
import { DeadlineScheduler } from './deadline-scheduler.js';
import { fireDeadline } from './fire-deadline.js';
import { reconcile } from './reconcile.js';
import { TimerFailures } from './timer-failures.js';
import { onReconnected } from '#libs/queues/reconnected.js';

export interface DeadlineTimerOptions {
  readonly databaseUrl: string;
  readonly pool: pg.Pool;
  /** A connection with `maxRetriesPerRequest: null`, as BullMQ workers need. */
  readonly redis: Redis;
  readonly prefix: string;
  readonly store: EventStore;
  readonly caseCommands: CaseCommands;
  readonly regulation: RegulationConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly reconcileEveryMs?: number;
  readonly concurrency?: number;
  readonly retry?: FireRetry;
}

export interface DeadlineTimer {
  readonly queue: DeadlineQueue;
  /** Runs one reconcile pass now (start-up runs one; then every `reconcileEveryMs`). */
  reconcileNow(): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_RECONCILE_EVERY_MS = 3 * 60_000;
const WAIT_FOR_READ_MODEL_MS = 1000;
/** How often the timer looks for admins' retries of its failing cases. */
const RETRY_POLL_MS = 1000;
const STALLED_JOB_LOCK_MS = 10_000;
const STALLED_CHECK_EVERY_MS = 5_000;

/**
 * The legal clock's timer: a delayed BullMQ job per open deadline, kept in step with the Deadline read model by the
 * scheduler (as rows are written) and the reconciler (at start-up, when Redis is reachable again, and every few
 * minutes, so a Redis that lost its data loses no deadline), and the worker that records each miss when its job fires.
 */
export const startDeadlineTimer = async (options: DeadlineTimerOptions): Promise<DeadlineTimer> => {
  const { pool, redis, prefix, clock, logger } = options;
  const retry = options.retry ?? DEFAULT_FIRE_RETRY;
  const log = logger.child({ component: 'deadline-timer' });
  const queue: DeadlineQueue = new Queue(DEADLINE_QUEUE, { connection: redis, prefix });

  let reconciling: Promise<void> | undefined;
  const reconcileNow = (): Promise<void> => {
    reconciling ??= (async () => {
      try {
        if (!(await deadlinesReadable(pool))) return;
        const outcome = await reconcile(pool, queue, clock, retry);
        const level = outcome.scheduled + outcome.removed > 0 ? 'info' : 'debug';
        log[level](outcome, 'deadline jobs reconciled with the read model');
      } catch (error) {
        log.warn({ error: (error as Error).message }, 'reconciling deadline jobs failed; the next pass tries again');
      } finally {
        reconciling = undefined;
      }
    })();
    return reconciling;
  };

  await migrateReadModels(pool);
  const failures = new TimerFailures(pool, queue, log);
  await failures.load();

  const worker = new Worker<DeadlineJobData>(
    DEADLINE_QUEUE,
    async (job, token) => {
      let fired;
      try {
        fired = await fireDeadline(job.data, options);
      } catch (error) {
        if (!(error instanceof CaseUnreadableError)) throw error;
        // Trying again cannot help until the code is fixed: the job goes to the failed set now, the case is marked.
        await failures.failed(job.data.caseId, error.at);
        throw new UnrecoverableError(error.message);
      }
      await failures.succeeded(job.data.caseId);
      if (fired.outcome === 'early') {
        await job.moveToDelayed(Date.now() + fired.inMs, token);
        throw new DelayedError();
      }
      if (fired.outcome === 'recorded' && fired.recordedNow) log.info({ deadlineId: job.data.deadlineId, kind: job.data.kind }, 'deadline missed');
      return fired;
    },
    {
      connection: redis,
      prefix,
      concurrency: options.concurrency ?? 8,
      // A job that was running when its worker died is taken up again once its lock lapses and a stalled check finds
      // it: within 15 s instead of BullMQ's default of up to a minute. Firing twice is harmless (a miss is recorded once).
      lockDuration: STALLED_JOB_LOCK_MS,
      stalledInterval: STALLED_CHECK_EVERY_MS,
    },
  );
  worker.on('failed', (job, error) =>
    log.warn({ deadlineId: job?.id, attempt: job?.attemptsMade, error: error.message }, 'firing a deadline failed'),
  );
  worker.on('error', (error) => log.warn({ error: error.message }, 'deadline worker connection error'));
  await worker.waitUntilReady();

  // Redis may come back without the jobs (restarted without persistence, failed over, flushed): put them back at once
  // rather than at the next periodic pass, after any pass still running (it may have read Redis before the loss).
  const stopWatchingRedis = onReconnected(redis, () => {
    log.info('Redis is reachable again; reconciling deadline jobs');
    void (reconciling ?? Promise.resolve()).then(reconcileNow);
  });

  const scheduler = new DeadlineScheduler({
    databaseUrl: options.databaseUrl,
    pool,
    queue,
    clock,
    retry,
    logger: log,
    onListening: reconcileNow,
  });
  await scheduler.start();

  // Until the projection runtime has created the read model, look for it every second.
  const everyMs = options.reconcileEveryMs ?? DEFAULT_RECONCILE_EVERY_MS;
  let nextPass: NodeJS.Timeout;
  const plan = async (): Promise<void> => {
    const ready = await deadlinesReadable(pool).catch(() => false);
    if (!ready) return void (nextPass = setTimeout(plan, WAIT_FOR_READ_MODEL_MS));
    await reconcileNow();
    nextPass = setTimeout(plan, everyMs);
  };
  nextPass = setTimeout(plan, (await deadlinesReadable(pool)) ? everyMs : WAIT_FOR_READ_MODEL_MS);
  let retrying: Promise<void> | undefined;
  const retries = setInterval(() => {
    retrying ??= failures
      .load()
      .then(() => failures.retryRequested())
      .catch((error: unknown) => log.warn({ error: (error as Error).message }, 'looking for retries of failing cases failed'))
      .finally(() => (retrying = undefined));
  }, RETRY_POLL_MS);
  log.info({ queue: DEADLINE_QUEUE, reconcileEveryMs: everyMs }, 'deadline timer started');

  return {
    queue,
    reconcileNow,
    async stop() {
      clearTimeout(nextPass);
      clearInterval(retries);
      await retrying;
      stopWatchingRedis();
      await scheduler.stop();
      await worker.close();
      await reconciling;
      await queue.close();
    },
  };
};
