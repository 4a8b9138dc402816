import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
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
import { Public } from '../auth/auth.decorators.js';
import { APP_CONFIG, CLOCK, PG_POOL, REDIS } from '../infrastructure/tokens.js';
import { DEADLINE_QUEUE_STATUS } from '../queues/queue-tokens.js';
import { HealthAnswer, LiveAnswer, ReadyAnswer } from './health-answer.js';
import { healthReport, LISTED_FAILING_CASES, type Check, type HealthReport } from './health-report.js';

interface WorkerStatus {
  status: 'up' | 'unknown';
  lastSeen: string | null;
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

/** api.md, Operations: liveness, readiness, and the details an on-call engineer reads. */
@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DEADLINE_QUEUE_STATUS) private readonly deadlineQueue: DeadlineQueueStatus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (nothing else is checked)' })
  @ApiOkResponse({ type: LiveAnswer })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer within 2 s' })
  @ApiOkResponse({ type: ReadyAnswer, description: 'Both answer' })
  @ApiServiceUnavailableResponse({ type: ReadyAnswer, description: 'PostgreSQL or Redis is unreachable' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: 'ok' | 'down'; checks: Record<string, Check> }> {
    const checks = await this.checks();
    const up = Object.values(checks).every((check) => check.status === 'up');
    void reply.status(up ? 200 : 503);
    return { status: up ? 'ok' : 'down', checks };
  }

  @Get()
  @ApiOperation({
    summary: 'Details: ok, degraded or down, and why; each projection’s lag and failing cases, the deadline timer, the worker',
    description:
      '`degraded` (200): a projection or component is failing on some case, a projection or the deadline timer lags ' +
      'more than 60 s, or deadline jobs have failed; `reasons` says which. `down` (503): PostgreSQL or Redis is unreachable.',
  })
  @ApiOkResponse({ type: HealthAnswer, description: 'ok or degraded' })
  @ApiServiceUnavailableResponse({ type: HealthAnswer, description: 'down' })
  async health(
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HealthReport & { checks: Record<string, Check>; worker: WorkerStatus; deadlineJobs: QueueCounts | null }> {
    const [checks, worker, lags, failing, timerLag, deadlineJobs] = await Promise.all([
      this.checks(),
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
    void reply.status(status === 'down' ? 503 : 200);
    return { status, reasons, checks, worker, projections, components, deadlineTimer, deadlineJobs };
  }

  private async checks(): Promise<Record<string, Check>> {
    const [postgres, redis] = await Promise.all([timed(() => this.pool.query('SELECT 1')), timed(() => this.redis.ping())]);
    return { postgres, redis };
  }

  private async workerStatus(): Promise<WorkerStatus> {
    const lastSeen = await within(() => lastHeartbeat(this.redis, this.config.queuePrefix)).catch(() => null);
    const alive = lastSeen !== null && Date.now() - Date.parse(lastSeen) < HEARTBEAT_EVERY_MS * 3;
    return { status: alive ? 'up' : 'unknown', lastSeen };
  }
}
