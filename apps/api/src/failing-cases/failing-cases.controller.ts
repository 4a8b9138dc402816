import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { CaseUnreadableError } from '#libs/application/case-unreadable.js';
import type { Clock } from '#libs/config/clock.js';
import type { AppConfig } from '#libs/config/config.js';
import { caseStreamName } from '#libs/domain/transfer-case/events.js';
import type { EventStore } from '#libs/event-store/event-store.port.js';
import {
  listFailingCases,
  requestRetry,
  type FailingCase,
  type FailingCaseFilter,
  type RetryRequest,
} from '#libs/projections/runtime/failing-cases.js';
import { Roles } from '../auth/auth.decorators.js';
import { readCaseAnswer } from '../cases/case-reads.js';
import { ApiReadProblems } from '../http/api-problems.js';
import { OptionalField } from '../http/fields.js';
import { ProblemException } from '../http/problem.exception.js';
import { APP_CONFIG, CLOCK, EVENT_STORE, PG_POOL } from '../infrastructure/tokens.js';
import { CASE_READ_COMPONENT, CaseReadFailures } from './case-read-failures.js';
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
 * a projection, the deadline timer or a query could not handle, and a retry once the code is fixed.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/failing-cases')
@Roles('admin')
export class FailingCasesController {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly caseReads: CaseReadFailures,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The cases failing now (up to 1000): per projection (its live generation) or component, oldest first' })
  @ApiOkResponse({ type: FailingCasesAnswer })
  @ApiReadProblems()
  async list(@Query() query: FailingCasesQueryDto): Promise<{ items: FailingCase[] }> {
    return { items: await listFailingCases(this.pool, { ...(query.component !== undefined && { component: query.component }) }) };
  }

  @Post('retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Retry every failing case (after a fix is deployed)',
    description:
      'Whoever handles each case re-reads it from its stream: the projection runner re-projects it, the deadline timer ' +
      'sends its failed jobs round again, a case read is done again here. Waits up to 5 s for the outcomes.',
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
    const requests = await requestRetry(this.pool, filter);
    for (const request of requests) if (request.component === CASE_READ_COMPONENT) await this.#readAgain(request.caseId);
    return this.#outcomes(filter, requests);
  }

  /** A case `GET /cases/{caseId}` could not read is read again right here. */
  async #readAgain(caseId: string): Promise<void> {
    const events = await this.store.readStream(caseStreamName(caseId));
    try {
      if (events.length > 0) readCaseAnswer(caseId, events, this.config.regulation, this.clock.now());
      await this.caseReads.succeeded(caseId, { known: true });
    } catch (error) {
      if (!(error instanceof CaseUnreadableError)) throw error;
      await this.caseReads.failed(error, { relocate: true });
    }
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
