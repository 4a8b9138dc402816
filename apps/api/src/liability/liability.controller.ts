import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type pg from 'pg';
import type { Clock } from '#libs/config/clock.js';
import type { AppConfig } from '#libs/config/config.js';
import { parsePosition } from '#libs/event-store/position.js';
import type { LiabilityReportItem } from '#libs/projections/liability/liability-as-of.js';
import { queryLiability } from '#libs/projections/liability/liability-query.js';
import { waitForPosition } from '#libs/projections/runtime/wait-for-position.js';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators.js';
import { ApiReadProblems, ProblemDto } from '../http/api-problems.js';
import { ProblemException } from '../http/problem.exception.js';
import { APP_CONFIG, CLOCK, PG_POOL } from '../infrastructure/tokens.js';
import { LiabilityAnswer } from './liability-answer.js';
import { LiabilityQueryDto } from './liability-query.dto.js';

const UNDEFINED_TABLE = '42P01';

/** Payment liability (regulation.md § 13): per municipality and month, with the cases behind each sum. */
@ApiTags('queries')
@ApiBearerAuth()
@Controller('liability')
@Roles('allocation_officer', 'quality_auditor')
export class LiabilityController {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Owed and disputed days and amounts per municipality and month, and the cases behind them',
    description:
      'A month counts only its own liable days (Europe/Oslo); a running period counts up to and including today. ' +
      'Officers see their own municipality, auditors theirs (or all with org `*`). `from` is the first liable day, ' +
      '`to` the first day not owed (`null` while the period runs); amounts in NOK at each year’s configured rate; ' +
      'days of a year without a rate are counted in `rateMissingDays` and priced 0.',
  })
  @ApiOkResponse({ type: LiabilityAnswer, description: 'One item per municipality and month, oldest month first' })
  @ApiResponse({ status: 400, description: 'Invalid query: `errors` lists every bad parameter', type: ProblemDto })
  @ApiReadProblems()
  async liability(
    @Query() query: LiabilityQueryDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ items: LiabilityReportItem[] }> {
    const principal = request.principal!;
    const scope = principal.role === 'quality_auditor' && principal.org === '*' ? undefined : principal.org;
    // Outside the caller's scope the rows are simply not there (as in the audit queries).
    if (scope !== undefined && query.municipalityCode !== undefined && query.municipalityCode !== scope) return { items: [] };
    if (query.minPosition !== undefined && !(await waitForPosition(this.pool, 'liability', parsePosition(query.minPosition)!))) {
      void reply.header('retry-after', '1');
      throw ProblemException.of(503, 'The liability projection has not reached minPosition yet; retry shortly');
    }
    const municipalityCode = scope ?? query.municipalityCode;
    try {
      const items = await queryLiability(this.pool, this.config.regulation, this.clock.now(), {
        ...(municipalityCode !== undefined && { municipalityCode }),
        ...(query.month !== undefined && { month: query.month }),
      });
      return { items };
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== UNDEFINED_TABLE) throw error;
      void reply.header('retry-after', '1');
      throw ProblemException.of(503, 'The liability read model is being built; retry shortly');
    }
  }
}
