import type { Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '#libs/config/config.js';
import { DEADLINE_QUEUE } from '#libs/deadline-timer/deadline-queue.js';
import { DeadlineQueueStatus } from '#libs/deadline-timer/queue-status.js';
import type { ApiMetrics } from '#libs/observability/metrics.js';
import { APP_CONFIG, METRICS, REDIS } from '../infrastructure/tokens.js';
import { DEADLINE_QUEUE_STATUS } from './queue-tokens.js';

export { AdminQueuesController } from './admin-queues.controller.js';
export { DEADLINE_QUEUE_STATUS };

/** The deadline queue as the API sees it (read-only): counts for /health and /metrics, failed jobs for admins. */
export const QUEUE_PROVIDERS: Provider[] = [
  {
    provide: DEADLINE_QUEUE_STATUS,
    useFactory: (redis: Redis, config: AppConfig, metrics: ApiMetrics) => {
      const status = new DeadlineQueueStatus(redis, config.queuePrefix);
      metrics.trackQueue(DEADLINE_QUEUE, () => status.counts());
      return status;
    },
    inject: [REDIS, APP_CONFIG, METRICS],
  },
];
