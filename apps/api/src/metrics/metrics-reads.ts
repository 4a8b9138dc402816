import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import type { Clock } from '#libs/config/clock.js';
import { deadlineTimerLag } from '#libs/deadline-timer/timer-lag.js';
import type { ApiMetrics } from '#libs/observability/metrics.js';
import { caseFailureTotals, failingCaseCounts } from '#libs/projections/runtime/failing-cases.js';
import { projectionLag } from '#libs/projections/runtime/lag.js';
import { CLOCK, METRICS, PG_POOL } from '../infrastructure/tokens.js';

/** `GET /metrics`: the process's metrics with the projections' and the timer's figures read now, as Prometheus text. */
export class GetMetrics extends Query<string> {}

@QueryHandler(GetMetrics)
export class GetMetricsHandler implements IQueryHandler<GetMetrics, string> {
  constructor(
    @Inject(METRICS) private readonly metrics: ApiMetrics,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(): Promise<string> {
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
