import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type pg from 'pg';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators.js';
import { ApiReadProblems, ProblemDto } from '../http/api-problems.js';
import { invalidInput } from '../http/validation.pipe.js';
import { PG_POOL } from '../infrastructure/tokens.js';
import { awaitProjectionPosition, readProjection } from '../projections/projection-position.js';
import { WorkQueueAnswer } from './case-summary-answer.js';
import { DEFAULT_QUEUE_PAGE, WorkQueueQueryDto } from './work-queue-query.dto.js';
import { decodeQueueCursor, encodeQueueCursor, WorkQueueQueries, type WorkQueueItem } from './work-queue.queries.js';

const PROJECTION = 'case_summary';

@ApiTags('queries')
@ApiBearerAuth()
@Controller('cases')
export class WorkQueueController {
  constructor(
    private readonly queries: WorkQueueQueries,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  @Get()
  @Roles('hospital_staff', 'allocation_officer')
  @ApiOperation({
    summary: 'The work queue: CaseSummary items sorted by next deadline (none last), cursor-paginated',
    description: 'Hospital staff see their hospital\'s cases, allocation officers their municipality\'s; filters narrow that.',
  })
  @ApiOkResponse({ type: WorkQueueAnswer, description: 'CaseSummary items in queue order; nextCursor is null on the last page' })
  @ApiResponse({ status: 400, description: 'Invalid query: `errors` lists every bad parameter', type: ProblemDto })
  @ApiReadProblems()
  async list(
    @Query() query: WorkQueueQueryDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ items: WorkQueueItem[]; nextCursor: string | null }> {
    const after = query.cursor === undefined ? undefined : decodeQueueCursor(query.cursor);
    if (after === null) throw invalidInput([{ field: 'cursor', message: 'cursor must be a nextCursor this endpoint gave' }]);
    await awaitProjectionPosition(this.pool, PROJECTION, query.minPosition, reply);
    const { status, municipalityCode, hospitalOrgNumber, readyBefore } = query;
    const page = await readProjection(reply, PROJECTION, () =>
      this.queries.page(request.principal!, { status, municipalityCode, hospitalOrgNumber, readyBefore }, query.limit ?? DEFAULT_QUEUE_PAGE, after),
    );
    return { items: page.items, nextCursor: page.next && encodeQueueCursor(page.next) };
  }
}
