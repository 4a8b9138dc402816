import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { ApiReadProblems } from '../http/api-problems.js';
import { GetQueues, type QueueReport } from './queue-reads.js';

/** The queues for admins as JSON; the Bull Board dashboard at /admin/queues shows the same with actions. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/queues')
@Roles('admin')
export class AdminQueuesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Job counts per state of each queue, and the deadline jobs that failed after every retry' })
  @ApiOkResponse({ description: '{ queues: [{ name, counts, failed: [{ deadlineId, attempts, reason, failedAt }] }] }' })
  @ApiReadProblems()
  async queues(): Promise<{ queues: QueueReport[] }> {
    return { queues: await this.queryBus.execute(new GetQueues()) };
  }
}
