import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type pg from 'pg';
import type { ApiMetrics } from '#libs/observability/metrics.js';
import { projectionLag } from '#libs/projections/runtime/lag.js';
import { Public } from '../auth/auth.decorators.js';
import { METRICS, PG_POOL } from '../infrastructure/tokens.js';

@ApiTags('operations')
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(
    @Inject(METRICS) private readonly metrics: ApiMetrics,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: request latency, events appended, projection lag, process' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format' })
  async metricsText(): Promise<string> {
    const lags = await projectionLag(this.pool).catch(() => null);
    if (lags) this.metrics.recordProjectionLag(lags);
    return this.metrics.registry.metrics();
  }
}
