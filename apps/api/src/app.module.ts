import { Module, type DynamicModule, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { AppConfig } from '#libs/config/config.js';
import type { TokenVerifier } from '#libs/auth/token-verifier.js';
import { AuthGuard, TOKEN_VERIFIER } from './auth/auth.guard.js';
import { HealthController } from './health/health.controller.js';
import { MetricsController } from './metrics/metrics.controller.js';
import type { ApiMetrics } from '#libs/observability/metrics.js';
import { ProblemFilter } from './http/problem.filter.js';
import { APP_CONFIG, LOGGER, METRICS, PG_POOL, REDIS } from './infrastructure/tokens.js';

export interface AppDependencies {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly pool: pg.Pool;
  readonly redis: Redis;
  readonly tokenVerifier: TokenVerifier;
  readonly metrics: ApiMetrics;
}

@Module({})
export class AppModule implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  static register(deps: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_CONFIG, useValue: deps.config },
        { provide: LOGGER, useValue: deps.logger },
        { provide: PG_POOL, useValue: deps.pool },
        { provide: REDIS, useValue: deps.redis },
        { provide: TOKEN_VERIFIER, useValue: deps.tokenVerifier },
        { provide: METRICS, useValue: deps.metrics },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useFactory: (logger: Logger) => new ProblemFilter(logger), inject: [LOGGER] },
      ],
      exports: [APP_CONFIG, LOGGER, METRICS, PG_POOL, REDIS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    await this.pool.end();
  }
}
