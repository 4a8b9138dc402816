import { Controller, Get, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { LiabilityReportItem } from '#libs/projections/liability/liability-as-of.js';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators.js';
import { ApiReadProblems, ProblemDto } from '../http/api-problems.js';
import { LiabilityAnswer } from './liability-answer.js';
import { GetLiability } from './liability-reads.js';
import { LiabilityQueryDto } from './liability-query.dto.js';

/** Payment liability (regulation.md § 13): per municipality and month, with the cases behind each sum. */
@ApiTags('queries')
@ApiBearerAuth()
@Controller('liability')
@Roles('allocation_officer', 'quality_auditor')
export class LiabilityController {
  constructor(private readonly queryBus: QueryBus) {}

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
  async liability(@Query() query: LiabilityQueryDto, @Req() request: AuthenticatedRequest): Promise<{ items: LiabilityReportItem[] }> {
    return { items: await this.queryBus.execute(new GetLiability(request.principal!, query.municipalityCode, query.month, query.minPosition)) };
  }
}
