import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DEADLINE_QUEUE } from '#libs/deadline-timer/deadline-queue.js';
import type { DeadlineQueueStatus, QueueCounts } from '#libs/deadline-timer/queue-status.js';
import { DEADLINE_QUEUE_STATUS } from './queue-tokens.js';

export interface QueueReport {
  readonly name: string;
  readonly counts: QueueCounts;
  readonly failed: Awaited<ReturnType<DeadlineQueueStatus['failed']>>;
}

/** `GET /api/v1/admin/queues`: each queue's job counts, and the deadline jobs that failed after every retry. */
export class GetQueues extends Query<QueueReport[]> {}

@QueryHandler(GetQueues)
export class GetQueuesHandler implements IQueryHandler<GetQueues, QueueReport[]> {
  constructor(@Inject(DEADLINE_QUEUE_STATUS) private readonly deadlines: DeadlineQueueStatus) {}

  async execute(): Promise<QueueReport[]> {
    const [counts, failed] = await Promise.all([this.deadlines.counts(), this.deadlines.failed()]);
    return [{ name: DEADLINE_QUEUE, counts, failed }];
  }
}
