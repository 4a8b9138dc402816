import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { projectionLag, type ProjectionLag } from '#libs/projections/runtime/lag.js';
import { HEARTBEAT_EVERY_MS, lastHeartbeat } from '#libs/queues/heartbeat.js';
import { Public } from '../auth/auth.decorators.js';
import type { AppConfig } from '#libs/config/config.js';
import { APP_CONFIG, PG_POOL, REDIS } from '../infrastructure/tokens.js';
import type { DeadlineQueueStatus, QueueCounts } from '#libs/deadline-timer/queue-status.js';
import { DEADLINE_QUEUE_STATUS } from '../queues/queue-tokens.js';

interface Check {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

interface WorkerStatus {
  status: 'up' | 'unknown';
  lastSeen: string | null;
}

const CHECK_TIMEOUT_MS = 2000;

const timed = async (probe: () => Promise<unknown>): Promise<Check> => {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
};

@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DEADLINE_QUEUE_STATUS) private readonly deadlineQueue: DeadlineQueueStatus,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Liveness and readiness: PostgreSQL and Redis (which decide the status) and the worker heartbeat',
  })
  @ApiOkResponse({ description: 'Every dependency answers' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down' })
  async health(
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{
    status: string;
    checks: Record<string, Check>;
    worker: WorkerStatus;
    projections: ProjectionLag[] | null;
    deadlineJobs: QueueCounts | null;
  }> {
    const [postgres, redis, worker, projections, deadlineJobs] = await Promise.all([
      timed(() => this.pool.query('SELECT 1')),
      timed(() => this.redis.ping()),
      this.workerStatus(),
      projectionLag(this.pool).catch(() => null),
      // `failed`: deadline jobs that gave up after every retry, waiting for an admin (Bull Board, /admin/queues).
      this.deadlineQueue.counts().catch(() => null),
    ]);
    const checks = { postgres, redis };
    const up = Object.values(checks).every((check) => check.status === 'up');
    void reply.status(up ? 200 : 503);
    return { status: up ? 'ok' : 'unavailable', checks, worker, projections, deadlineJobs };
  }

  private async workerStatus(): Promise<WorkerStatus> {
    const lastSeen = await lastHeartbeat(this.redis, this.config.queuePrefix).catch(() => null);
    const alive = lastSeen !== null && Date.now() - Date.parse(lastSeen) < HEARTBEAT_EVERY_MS * 3;
    return { status: alive ? 'up' : 'unknown', lastSeen };
  }
}
