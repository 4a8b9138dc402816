import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CaseView } from '#libs/domain/transfer-case/case-view.js';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators.js';
import { ApiReadProblems, ProblemDto } from '../http/api-problems.js';
import { CaseIdPipe } from './case-id.pipe.js';
import { CaseHistoryAnswer, CaseReadAnswer } from './case-read-answer.js';
import type { CaseSummaryFields } from '../work-queue/work-queue.queries.js';
import { GetCase, GetCaseHistory, type HistoryItem } from './case-reads.js';
import { entityTag } from './command-request.js';

@ApiTags('queries')
@ApiBearerAuth()
@Controller('cases')
export class CaseReadsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':caseId')
  @Roles('hospital_staff', 'allocation_officer')
  @ApiOperation({ summary: 'One case with its current state; ETag carries its revision' })
  @ApiOkResponse({ type: CaseReadAnswer, description: 'CaseSummary with the current state' })
  @ApiConflictResponse({
    type: ProblemDto,
    description:
      'type `case-unreadable`: a recorded event of the case cannot be read by this version; the case is marked failing ' +
      '(GET /api/v1/admin/failing-cases) and `failingAt` names the event (position, eventType, revision)',
  })
  @ApiReadProblems()
  async getCase(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseView & CaseSummaryFields & { revision: number; position: string }> {
    const read = await this.queryBus.execute(new GetCase(caseId, request.principal!));
    void reply.header('etag', entityTag(read.revision));
    return { ...read.view, ...read.summary, revision: Number(read.revision), position: read.position };
  }

  @Get(':caseId/history')
  @Roles('hospital_staff', 'allocation_officer', 'quality_auditor')
  @ApiOperation({ summary: 'Every event of the case in order (for auditors: patient pseudonymised, national IDs and names in free text redacted)' })
  @ApiOkResponse({ type: CaseHistoryAnswer, description: 'The events, oldest first' })
  @ApiReadProblems()
  async history(@Param('caseId', CaseIdPipe) caseId: string, @Req() request: AuthenticatedRequest): Promise<{ items: HistoryItem[] }> {
    return { items: await this.queryBus.execute(new GetCaseHistory(caseId, request.principal!)) };
  }
}
