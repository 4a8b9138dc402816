import { Readable } from 'node:stream';
import { Controller, Get, Header, Inject, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AllocationAssessment } from '#libs/domain/participation/allocation-assessment.js';
import { assessmentForAuditors } from '#libs/domain/redaction/text-fields.js';
import { parsePosition } from '#libs/event-store/position.js';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators.js';
import { ApiReadProblems, ProblemDto } from '../http/api-problems.js';
import { ProblemException } from '../http/problem.exception.js';
import { invalidInput } from '../http/validation.pipe.js';
import { AllocationsAnswer, SummaryAnswer } from './audit-answer.js';
import { AllocationAuditQueries, type SummaryItem } from './allocation-audit.queries.js';
import { CSV_HEADER, csvLine } from './assessment-csv.js';
import { auditFilter, decodeCursor, encodeCursor, type AuditFilter } from './audit-filter.js';
import { AllocationsQueryDto, AuditFilterDto, DEFAULT_PAGE_SIZE, SummaryQueryDto, type GroupBy } from './audit-query.dto.js';
import { PARTICIPATION_POSITION, type ProjectionPosition } from './projection-position.js';

const CSV_BATCH = 1000;
const UNDEFINED_TABLE = '42P01';

/** Auditors read an assessment through the redaction every auditor read path applies; officers as it is. */
const asReadBy = (request: AuthenticatedRequest): ((assessment: AllocationAssessment) => AllocationAssessment) =>
  request.principal!.role === 'quality_auditor' ? assessmentForAuditors : (assessment) => assessment;

const filterOf = (query: AuditFilterDto, request: AuthenticatedRequest): AuditFilter => {
  const result = auditFilter(query, request.principal!);
  if ('errors' in result) throw invalidInput(result.errors);
  return result.filter;
};

/** The participation audit (participation.md, api.md Queries): assessments, never a name or a national ID. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
@Roles('quality_auditor', 'allocation_officer')
export class AuditController {
  constructor(
    private readonly queries: AllocationAuditQueries,
    @Inject(PARTICIPATION_POSITION) private readonly position: ProjectionPosition,
  ) {}

  @Get('allocations')
  @ApiOperation({
    summary: 'One AllocationAssessment per decision, oldest decision first',
    description: 'Officers see their own municipality, auditors theirs (or all with org `*`); filters narrow that further.',
  })
  @ApiOkResponse({ type: AllocationsAnswer, description: 'AllocationAssessment items; nextCursor is null on the last page' })
  @ApiResponse({ status: 400, description: 'Invalid query: `errors` lists every bad parameter', type: ProblemDto })
  @ApiReadProblems()
  async allocations(
    @Query() query: AllocationsQueryDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ items: AllocationAssessment[]; nextCursor: string | null }> {
    const filter = filterOf(query, request);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (after === null) throw invalidInput([{ field: 'cursor', message: 'cursor must be a nextCursor this endpoint gave' }]);
    await this.awaitPosition(query.minPosition, reply);
    const page = await this.read(reply, () => this.queries.page(filter, query.limit ?? DEFAULT_PAGE_SIZE, after));
    return { items: page.items.map(asReadBy(request)), nextCursor: page.next && encodeCursor(page.next) };
  }

  @Get('allocations.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="allocation-assessments.csv"')
  @ApiOperation({
    summary: 'The same assessments as CSV (UTF-8, header row), streamed',
    description: "Nested fields are flattened (`conditions.preferenceRecorded`), lists joined by `;`. A cell that a spreadsheet would read as a formula starts with `'`.",
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV, one row per decision' })
  @ApiResponse({ status: 400, description: 'Invalid query: `errors` lists every bad parameter', type: ProblemDto })
  @ApiReadProblems()
  async allocationsCsv(
    @Query() query: AuditFilterDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const filter = filterOf(query, request);
    await this.awaitPosition(query.minPosition, reply);
    const batches = this.queries.all(filter, CSV_BATCH);
    // The first batch is read before the answer starts, so a failing database still answers with a problem.
    const first = await this.read(reply, () => batches.next());
    const readable = asReadBy(request);
    async function* lines(): AsyncGenerator<string> {
      let batch = first;
      yield CSV_HEADER;
      while (!batch.done) {
        yield batch.value.map((assessment) => csvLine(readable(assessment))).join('');
        batch = await batches.next();
      }
    }
    return new StreamableFile(Readable.from(lines()));
  }

  @Get('summary')
  @ApiOperation({
    summary: 'Per municipality, hospital or month: decisions, level and ladder step shares, full influence, days to decision, appeals',
    description:
      '`month` is the Europe/Oslo month of `decidedAt`. Shares are of the group\'s decisions; `appealRate` is per level; the median counts decisions with a readiness in force.',
  })
  @ApiOkResponse({ type: SummaryAnswer, description: 'One item per group, ordered by group' })
  @ApiResponse({ status: 400, description: 'Invalid query: `errors` lists every bad parameter', type: ProblemDto })
  @ApiReadProblems()
  async summary(
    @Query() query: SummaryQueryDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ groupBy: GroupBy; items: SummaryItem[] }> {
    const filter = filterOf(query, request);
    await this.awaitPosition(query.minPosition, reply);
    return { groupBy: query.groupBy, items: await this.read(reply, () => this.queries.summary(filter, query.groupBy)) };
  }

  /** Before the projection first ran, its view does not exist: the read model is behind, not broken. */
  private async read<T>(reply: FastifyReply, query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== UNDEFINED_TABLE) throw error;
      void reply.header('retry-after', '1');
      throw ProblemException.of(503, 'The participation read model is being built; retry shortly');
    }
  }

  /** api.md: wait (up to 2 s) for the projection to reach the position, else 503 with Retry-After. */
  private async awaitPosition(minPosition: string | undefined, reply: FastifyReply): Promise<void> {
    if (minPosition === undefined) return;
    if (!(await this.position.reached(parsePosition(minPosition)!))) {
      void reply.header('retry-after', '1');
      throw ProblemException.of(503, 'The participation projection has not reached minPosition yet; retry shortly');
    }
  }
}
