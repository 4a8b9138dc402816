import { Controller, Get, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators.js';
import { ApiReadProblems, ProblemDto } from '../http/api-problems.js';
import { invalidInput } from '../http/validation.pipe.js';
import { WorkQueueAnswer } from './case-summary-answer.js';
import { DEFAULT_QUEUE_PAGE, WorkQueueQueryDto } from './work-queue-query.dto.js';
import { GetWorkQueue } from './work-queue-reads.js';
import { decodeQueueCursor, encodeQueueCursor, type WorkQueueItem } from './work-queue.queries.js';

@ApiTags('queries')
@ApiBearerAuth()
@Controller('cases')
export class WorkQueueController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('hospital_staff', 'allocation_officer')
  @ApiOperation({
    summary: 'The work queue: CaseSummary items sorted by next deadline (none last), cursor-paginated',
    description: 'Hospital staff see their hospital\'s cases, allocation officers their municipality\'s; filters narrow that.',
  })
  @ApiOkResponse({ type: WorkQueueAnswer, description: 'CaseSummary items in queue order; nextCursor is null on the last page' })
  @ApiResponse({ status: 400, description: 'Invalid query: `errors` lists every bad parameter', type: ProblemDto })
  @ApiReadProblems()
  async list(@Query() query: WorkQueueQueryDto, @Req() request: AuthenticatedRequest): Promise<{ items: WorkQueueItem[]; nextCursor: string | null }> {
    const after = query.cursor === undefined ? undefined : decodeQueueCursor(query.cursor);
    if (after === null) throw invalidInput([{ field: 'cursor', message: 'cursor must be a nextCursor this endpoint gave' }]);
    const { status, municipalityCode, hospitalOrgNumber, readyBefore } = query;
    const page = await this.queryBus.execute(
      new GetWorkQueue(
        request.principal!,
        { status, municipalityCode, hospitalOrgNumber, readyBefore },
        query.limit ?? DEFAULT_QUEUE_PAGE,
        after,
        query.minPosition,
      ),
    );
    return { items: page.items, nextCursor: page.next && encodeQueueCursor(page.next) };
  }
}
