import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DEADLINE_QUEUE } from './deadline-queue.js';

export const QUEUE_STATES = ['waiting', 'delayed', 'active', 'prioritized', 'completed', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];
export type QueueCounts = Record<QueueState, number>;

/** Read-only view of the deadline queue for /health, /metrics and the admin dashboard. */
export class DeadlineQueueStatus {
  readonly queue: Queue;

  constructor(redis: Redis, prefix: string) {
    this.queue = new Queue(DEADLINE_QUEUE, { connection: redis, prefix });
  }

  async counts(): Promise<QueueCounts> {
    const counts = await this.queue.getJobCounts(...QUEUE_STATES);
    return Object.fromEntries(QUEUE_STATES.map((state) => [state, counts[state] ?? 0])) as QueueCounts;
  }

  /** The jobs that gave up after every retry, newest first. */
  async failed(limit = 50): Promise<{ deadlineId: string; attempts: number; reason: string; failedAt: string | null }[]> {
    const jobs = await this.queue.getJobs(['failed'], 0, limit - 1, false);
    return jobs.map((job) => ({
      deadlineId: String(job.id),
      attempts: job.attemptsMade,
      reason: job.failedReason,
      failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    }));
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
