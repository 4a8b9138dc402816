import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Clock } from '#libs/config/clock.js';
import type { AppConfig } from '#libs/config/config.js';
import type { DeadlineQueueStatus, QueueCounts } from '#libs/deadline-timer/queue-status.js';
import { deadlineTimerLag } from '#libs/deadline-timer/timer-lag.js';
import { failingCaseCounts, oldestFailingCases } from '#libs/projections/runtime/failing-cases.js';
import { projectionLag } from '#libs/projections/runtime/lag.js';
import { within as withinMs } from '#libs/observability/within.js';
import { HEARTBEAT_EVERY_MS, lastHeartbeat } from '#libs/queues/heartbeat.js';
import { APP_CONFIG, CLOCK, PG_POOL, REDIS } from '../infrastructure/tokens.js';
import { DEADLINE_QUEUE_STATUS } from '../queues/queue-tokens.js';
import { healthReport, LISTED_FAILING_CASES, type Check, type HealthReport } from './health-report.js';

export interface WorkerStatus {
  status: 'up' | 'unknown';
  lastSeen: string | null;
}

export type HealthDetails = HealthReport & { checks: Record<string, Check>; worker: WorkerStatus; deadlineJobs: QueueCounts | null };

export interface Readiness {
  status: 'ok' | 'down';
  checks: Record<string, Check>;
}

const CHECK_TIMEOUT_MS = 2000;

/** A status read that does not answer within the check timeout is a failure. */
const within = <T>(probe: () => Promise<T>): Promise<T> => withinMs(CHECK_TIMEOUT_MS, probe);

const timed = async (probe: () => Promise<unknown>): Promise<Check> => {
  const started = performance.now();
  try {
    await within(probe);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  }
};

/** `GET /health/ready`: PostgreSQL and Redis answer within 2 s. */
export class GetReadiness extends Query<Readiness> {}

/** `GET /health`: everything an on-call engineer reads, judged by `healthReport`. */
export class GetHealth extends Query<HealthDetails> {}

/** PostgreSQL and Redis, each answering within the check timeout, with the time it took. */
const connectionChecks = async (pool: pg.Pool, redis: Redis): Promise<Record<string, Check>> => {
  const [postgres, redisCheck] = await Promise.all([timed(() => pool.query('SELECT 1')), timed(() => redis.ping())]);
  return { postgres, redis: redisCheck };
};

@QueryHandler(GetReadiness)
export class GetReadinessHandler implements IQueryHandler<GetReadiness, Readiness> {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async execute(): Promise<Readiness> {
    const checks = await connectionChecks(this.pool, this.redis);
    return { status: Object.values(checks).every((check) => check.status === 'up') ? 'ok' : 'down', checks };
  }
}

@QueryHandler(GetHealth)
export class GetHealthHandler implements IQueryHandler<GetHealth, HealthDetails> {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DEADLINE_QUEUE_STATUS) private readonly deadlineQueue: DeadlineQueueStatus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(): Promise<HealthDetails> {
    const [checks, worker, lags, failing, timerLag, deadlineJobs] = await Promise.all([
      connectionChecks(this.pool, this.redis),
      this.workerStatus(),
      within(() => projectionLag(this.pool)).catch(() => null),
      within(async () => ({
        counts: await failingCaseCounts(this.pool),
        oldest: await oldestFailingCases(this.pool, LISTED_FAILING_CASES),
      })).catch(() => null),
      within(() => deadlineTimerLag(this.pool, this.clock.now())).catch(() => null),
      // `failed`: deadline jobs that gave up after every retry, waiting for an admin (Bull Board, /admin/queues).
      within(() => this.deadlineQueue.counts()).catch(() => null),
    ]);
    const { status, reasons, projections, components, deadlineTimer } = healthReport({ checks, lags, failing, timerLag, deadlineJobs });
    return { status, reasons, checks, worker, projections, components, deadlineTimer, deadlineJobs };
  }

  /** The worker's heartbeat: its age is elapsed time, measured on the system clock. */
  private async workerStatus(): Promise<WorkerStatus> {
    const lastSeen = await within(() => lastHeartbeat(this.redis, this.config.queuePrefix)).catch(() => null);
    const alive = lastSeen !== null && Date.now() - Date.parse(lastSeen) < HEARTBEAT_EVERY_MS * 3;
    return { status: alive ? 'up' : 'unknown', lastSeen };
  }
}

export const HEALTH_READS = [GetReadinessHandler, GetHealthHandler];
