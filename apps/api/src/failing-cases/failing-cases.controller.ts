import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import {
  listFailingCases,
  requestRetry,
  type FailingCase,
  type FailingCaseFilter,
  type RetryRequest,
} from '#libs/projections/runtime/failing-cases.js';
import { ListFailingCases } from './failing-case-reads.js';
import { Roles } from '../auth/auth.decorators.js';
import { ApiReadProblems } from '../http/api-problems.js';
import { OptionalField } from '../http/fields.js';
import { ProblemException } from '../http/problem.exception.js';
import { PG_POOL } from '../infrastructure/tokens.js';
import { FailingCasesAnswer, RetryAnswer, type RetryOutcomeAnswer } from './failing-case-answer.js';

const COMPONENT = /^[a-z_][a-z0-9_]{0,62}$/;
/** How long a retry waits for the outcome before answering `pending`. */
const RETRY_WAIT_MS = 5_000;
const POLL_MS = 100;

export class FailingCasesQueryDto {
  @OptionalField()
  @Matches(COMPONENT, { message: '$property must be a projection or component name' })
  @ApiPropertyOptional({ description: 'Only this projection or component (`case_summary`, `deadline_timer`, …)' })
  component?: string;
}

/**
 * The failing-case registry for on-call engineers (domain.md, "A recorded event never stops the system"): which cases
 * a projection or the deadline timer could not handle, and a retry once the code is fixed.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/failing-cases')
@Roles('admin')
export class FailingCasesController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The cases failing now (up to 1000): per projection (its live generation) or component, oldest first' })
  @ApiOkResponse({ type: FailingCasesAnswer })
  @ApiReadProblems()
  async list(@Query() query: FailingCasesQueryDto): Promise<{ items: FailingCase[] }> {
    return { items: await this.queryBus.execute(new ListFailingCases(query.component)) };
  }

  @Post('retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Retry every failing case (after a fix is deployed)',
    description:
      'Whoever handles each case re-reads it from its stream: the projection runner re-projects it, the deadline timer ' +
      'sends its failed jobs round again. Waits up to 5 s for the outcomes.',
  })
  @ApiOkResponse({ type: RetryAnswer })
  @ApiReadProblems()
  async retryAll(): Promise<{ items: RetryOutcomeAnswer[] }> {
    return { items: await this.#retry({}) };
  }

  @Post(':component/:caseId/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retry one failing case of one projection or component (after a fix is deployed)' })
  @ApiOkResponse({ type: RetryAnswer })
  @ApiNotFoundResponse({ description: 'The case is not failing there' })
  @ApiReadProblems()
  async retryOne(@Param('component') component: string, @Param('caseId') caseId: string): Promise<{ items: RetryOutcomeAnswer[] }> {
    const items = COMPONENT.test(component) && caseId.length <= 200 ? await this.#retry({ component, caseId }) : [];
    if (items.length === 0) throw ProblemException.of(404, `Case ${caseId.slice(0, 200)} is not failing in ${component.slice(0, 63)}`);
    return { items };
  }

  async #retry(filter: FailingCaseFilter): Promise<RetryOutcomeAnswer[]> {
    return this.#outcomes(filter, await requestRetry(this.pool, filter));
  }

  /** Waits (bounded) until every retry has run: the mark gone, or failed again since it was asked for. */
  async #outcomes(filter: FailingCaseFilter, requests: readonly RetryRequest[]): Promise<RetryOutcomeAnswer[]> {
    const until = Date.now() + RETRY_WAIT_MS;
    for (;;) {
      const marks = new Map((await listFailingCases(this.pool, filter, 100_000)).map((mark) => [`${mark.component}/${mark.caseId}`, mark]));
      const outcomes = requests.map((request): RetryOutcomeAnswer => {
        const mark = marks.get(`${request.component}/${request.caseId}`);
        const base = { component: request.component, caseId: request.caseId };
        if (!mark) return { ...base, outcome: 'cleared', error: null };
        const failedAgain = mark.retryRequestedAt === null && Date.parse(mark.lastFailedAt) >= Date.parse(request.requestedAt);
        return failedAgain ? { ...base, outcome: 'failing', error: mark.error } : { ...base, outcome: 'pending', error: null };
      });
      if (outcomes.every((outcome) => outcome.outcome !== 'pending') || Date.now() >= until) return outcomes;
      await sleep(POLL_MS);
    }
  }
}
