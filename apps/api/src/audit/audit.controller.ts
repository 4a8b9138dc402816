import { Readable } from 'node:stream';
import { Controller, Get, Header, Query, Req, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AllocationAssessment } from '#libs/domain/participation/allocation-assessment.js';
import { assessmentForAuditors } from '#libs/domain/redaction/text-fields.js';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators.js';
import { ApiReadProblems, ProblemDto } from '../http/api-problems.js';
import { invalidInput } from '../http/validation.pipe.js';
import { AllocationsAnswer, SummaryAnswer } from './audit-answer.js';
import type { SummaryItem } from './allocation-audit.queries.js';
import { CSV_HEADER, csvLine } from './assessment-csv.js';
import { auditFilter, decodeCursor, encodeCursor, type AuditFilter } from './audit-filter.js';
import { AllocationsQueryDto, AuditFilterDto, DEFAULT_PAGE_SIZE, SummaryQueryDto, type GroupBy } from './audit-query.dto.js';
import { GetAllocationBatches, GetAllocations, GetAuditSummary } from './audit-reads.js';

const CSV_BATCH = 1000;

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
  constructor(private readonly queryBus: QueryBus) {}

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
  ): Promise<{ items: AllocationAssessment[]; nextCursor: string | null }> {
    const filter = filterOf(query, request);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (after === null) throw invalidInput([{ field: 'cursor', message: 'cursor must be a nextCursor this endpoint gave' }]);
    const page = await this.queryBus.execute(new GetAllocations(filter, query.limit ?? DEFAULT_PAGE_SIZE, after, query.minPosition));
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
  async allocationsCsv(@Query() query: AuditFilterDto, @Req() request: AuthenticatedRequest): Promise<StreamableFile> {
    const batches = await this.queryBus.execute(new GetAllocationBatches(filterOf(query, request), CSV_BATCH, query.minPosition));
    const readable = asReadBy(request);
    async function* lines(): AsyncGenerator<string> {
      yield CSV_HEADER;
      for await (const batch of batches) yield batch.map((assessment) => csvLine(readable(assessment))).join('');
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
  async summary(@Query() query: SummaryQueryDto, @Req() request: AuthenticatedRequest): Promise<{ groupBy: GroupBy; items: SummaryItem[] }> {
    const items = await this.queryBus.execute(new GetAuditSummary(filterOf(query, request), query.groupBy, query.minPosition));
    return { groupBy: query.groupBy, items };
  }
}
