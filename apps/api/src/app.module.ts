import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { CaseCommands } from '#libs/application/case-commands.js';
import type { Clock } from '#libs/config/clock.js';
import type { AppConfig } from '#libs/config/config.js';
import type { EventStore } from '#libs/event-store/event-store.port.js';
import type { ApiMetrics } from '#libs/observability/metrics.js';
import { AccessLogController } from './access-log/access-log.controller.js';
import { AUDIT_READS } from './audit/audit-reads.js';
import { AuditController } from './audit/audit.controller.js';
import { LiabilityController } from './liability/liability.controller.js';
import { GetLiabilityHandler } from './liability/liability-reads.js';
import { AdminQueuesController, QUEUE_PROVIDERS } from './queues/queue-providers.js';
import { ProjectionsAdminController } from './projections/projections-admin.controller.js';
import { WorkQueueController } from './work-queue/work-queue.controller.js';
import { GetWorkQueueHandler } from './work-queue/work-queue-reads.js';
import { AUTHENTICATOR, AuthGuard } from './auth/auth.guard.js';
import type { Authenticator } from './auth/authenticator.js';
import { CaseReadsController } from './cases/case-reads.controller.js';
import { GetCaseHandler, GetCaseHistoryHandler } from './cases/case-reads.js';
import { CasesController } from './cases/cases.controller.js';
import { ExecuteCaseCommandHandler } from './cases/execute-case-command.js';
import { DiagnosticsController } from './diagnostics/diagnostics.controller.js';
import { ListFailingCasesHandler } from './failing-cases/failing-case-reads.js';
import { FailingCasesController } from './failing-cases/failing-cases.controller.js';
import { HealthController } from './health/health.controller.js';
import { HEALTH_READS } from './health/health-reads.js';
import { GetMetricsHandler } from './metrics/metrics-reads.js';
import { GetQueuesHandler } from './queues/queue-reads.js';
import { ReadModels } from './read-models/read-models.js';
import { GetAccessLogHandler } from './access-log/access-log-reads.js';
import { INTAKE_READS } from './intake/intake-reads.js';
import { NationalIdConstraint } from './http/identifier-fields.js';
import { TIME_CONSTRAINTS } from './http/time-constraints.js';
import { ProblemFilter } from './http/problem.filter.js';
import { BodyValidationPipe } from './http/validation.pipe.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import type { IdempotencyStore } from './idempotency/idempotency.store.js';
import {
  APP_CONFIG,
  CASE_COMMANDS,
  CLOCK,
  EVENT_STORE,
  IDEMPOTENCY_STORE,
  LOGGER,
  METRICS,
  PG_POOL,
  REDIS,
} from './infrastructure/tokens.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { DevTokenController } from './dev/dev-token.controller.js';
import { WebConfigController } from './web/web-config.controller.js';
import type { IntakeService } from '#libs/intake/intake-service.js';
import type { ParkedInbox } from '#libs/intake/parked-inbox.js';
import type { DirectoryStore } from '#libs/intake/store/directory-store.js';
import { IntakeAdminController } from './intake/intake-admin.controller.js';
import { IntakeMessagesController } from './intake/intake-messages.controller.js';
import { INTAKE_DIRECTORY, INTAKE_SERVICE, PARKED_INBOX } from './intake/intake-tokens.js';
import { ParkedController } from './intake/parked.controller.js';

export interface AppDependencies {
  readonly config: AppConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly pool: pg.Pool;
  readonly redis: Redis;
  readonly authenticator: Authenticator;
  readonly metrics: ApiMetrics;
  readonly eventStore: EventStore;
  readonly caseCommands: CaseCommands;
  readonly idempotency: IdempotencyStore;
  readonly intake: IntakeService;
  readonly parkedInbox: ParkedInbox;
  readonly intakeDirectory: DirectoryStore;
}

@Module({})
export class AppModule implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  static register(deps: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      controllers: [HealthController, MetricsController, CasesController, CaseReadsController, DiagnosticsController, AuditController,
        LiabilityController, AdminQueuesController,
        WorkQueueController, ProjectionsAdminController, FailingCasesController, AccessLogController,
        WebConfigController, IntakeMessagesController, ParkedController, IntakeAdminController,
        ...(deps.config.auth.mode === 'dev' ? [DevTokenController] : [])],
      providers: [
        { provide: APP_CONFIG, useValue: deps.config },
        { provide: CLOCK, useValue: deps.clock },
        { provide: LOGGER, useValue: deps.logger },
        { provide: PG_POOL, useValue: deps.pool },
        { provide: REDIS, useValue: deps.redis },
        { provide: AUTHENTICATOR, useValue: deps.authenticator },
        { provide: METRICS, useValue: deps.metrics },
        { provide: EVENT_STORE, useValue: deps.eventStore },
        { provide: CASE_COMMANDS, useValue: deps.caseCommands },
        { provide: IDEMPOTENCY_STORE, useValue: deps.idempotency },
        { provide: INTAKE_SERVICE, useValue: deps.intake },
        { provide: PARKED_INBOX, useValue: deps.parkedInbox },
        { provide: INTAKE_DIRECTORY, useValue: deps.intakeDirectory },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useClass: BodyValidationPipe },
        { provide: APP_FILTER, useFactory: (logger: Logger) => new ProblemFilter(logger), inject: [LOGGER] },
        IdempotencyInterceptor,
        NationalIdConstraint,
        ...TIME_CONSTRAINTS,
        ...QUEUE_PROVIDERS,
        // Writes: every case command through the CommandBus to CaseCommands.
        ExecuteCaseCommandHandler,
        // Reads: every one through the QueryBus; read models through ReadModels (minPosition, not built yet).
        ReadModels,
        GetCaseHandler,
        GetCaseHistoryHandler,
        GetWorkQueueHandler,
        ...AUDIT_READS,
        GetLiabilityHandler,
        GetAccessLogHandler,
        ...HEALTH_READS,
        GetMetricsHandler,
        ListFailingCasesHandler,
        GetQueuesHandler,
        ...INTAKE_READS,
      ],
      exports: [APP_CONFIG, CLOCK, LOGGER, METRICS, PG_POOL, REDIS, EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.eventStore.close();
    this.redis.disconnect();
    await this.pool.end();
  }
}
