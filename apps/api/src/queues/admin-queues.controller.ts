import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEADLINE_QUEUE } from '#libs/deadline-timer/deadline-queue.js';
import type { DeadlineQueueStatus, QueueCounts } from '#libs/deadline-timer/queue-status.js';
import { Roles } from '../auth/auth.decorators.js';
import { ApiReadProblems } from '../http/api-problems.js';
import { DEADLINE_QUEUE_STATUS } from './queue-tokens.js';

interface QueueReport {
  readonly name: string;
  readonly counts: QueueCounts;
  readonly failed: Awaited<ReturnType<DeadlineQueueStatus['failed']>>;
}

/** The queues for admins as JSON; the Bull Board dashboard at /admin/queues shows the same with actions. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/queues')
@Roles('admin')
export class AdminQueuesController {
  constructor(@Inject(DEADLINE_QUEUE_STATUS) private readonly deadlines: DeadlineQueueStatus) {}

  @Get()
  @ApiOperation({ summary: 'Job counts per state of each queue, and the deadline jobs that failed after every retry' })
  @ApiOkResponse({ description: '{ queues: [{ name, counts, failed: [{ deadlineId, attempts, reason, failedAt }] }] }' })
  @ApiReadProblems()
  async queues(): Promise<{ queues: QueueReport[] }> {
    const [counts, failed] = await Promise.all([this.deadlines.counts(), this.deadlines.failed()]);
    return { queues: [{ name: DEADLINE_QUEUE, counts, failed }] };
  }
}
