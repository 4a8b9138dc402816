import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type pg from 'pg';
import type { Clock } from '#libs/config/clock.js';
import { deadlineTimerLag } from '#libs/deadline-timer/timer-lag.js';
import type { ApiMetrics } from '#libs/observability/metrics.js';
import { caseFailureTotals, failingCaseCounts } from '#libs/projections/runtime/failing-cases.js';
import { projectionLag } from '#libs/projections/runtime/lag.js';
import { Public } from '../auth/auth.decorators.js';
import { CLOCK, METRICS, PG_POOL } from '../infrastructure/tokens.js';

@ApiTags('operations')
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(
    @Inject(METRICS) private readonly metrics: ApiMetrics,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    summary: 'Prometheus metrics: request latency, events appended, projection lag, failing cases, deadline timer lag, queues, process',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format' })
  async metricsText(): Promise<string> {
    // While PostgreSQL cannot tell, the last figures stand; /health says why.
    const [lags, failing, totals, timerLag] = await Promise.all([
      projectionLag(this.pool).catch(() => null),
      failingCaseCounts(this.pool).catch(() => null),
      caseFailureTotals(this.pool).catch(() => null),
      deadlineTimerLag(this.pool, this.clock.now()).catch(() => null),
    ]);
    if (lags) this.metrics.recordProjectionLag(lags);
    if (failing && totals) this.metrics.recordCaseFailures(failing, totals);
    if (timerLag) this.metrics.deadlineTimerLag.set(timerLag.secondsBehind);
    return this.metrics.registry.metrics();
  }
}
