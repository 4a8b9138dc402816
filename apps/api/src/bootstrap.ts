import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { clockFrom, processNow, useProcessClock } from '#libs/config/clock.js';
import type { AppConfig } from '#libs/config/config.js';
import { cachingTokenVerifier } from '#libs/auth/caching-token-verifier.js';
import { loadOrCreateDevKeys } from '#libs/auth/dev-keys.js';
import { devTokenVerifier, oidcTokenVerifier, type TokenVerifier } from '#libs/auth/token-verifier.js';
import type { Principal } from '#libs/auth/principal.js';
import { PinoNestLogger } from '#libs/observability/logger.js';
import { ApiMetrics } from '#libs/observability/metrics.js';
import { CaseCommands } from '#libs/application/case-commands.js';
import { eventStoreFromConfig } from '#libs/application/event-store-from-config.js';
import { migrate } from '#libs/postgres/migrate.js';
import { AccessLog, ACCESS_LOG_MIGRATIONS, ACCESS_LOG_SCHEMA, caseIdOf } from './access-log/access-log.js';
import { AppModule } from './app.module.js';
import { MAX_BODY_DEPTH, nestsDeeperThan } from './http/body-depth.js';
import { sendProblem } from './http/problem.filter.js';
import { useNestForValidators } from './http/validator-container.js';
import { problem } from './http/problem.js';
import { API_MIGRATIONS, API_SCHEMA, IdempotencyStore } from './idempotency/idempotency.store.js';
import { connectPostgres, connectRedis } from './infrastructure/connections.js';
import { serveWebApp } from './web/serve-web.js';
import type { DeadlineQueueStatus } from '#libs/deadline-timer/queue-status.js';
import { mountQueueDashboard } from './queues/queue-dashboard.js';
import { DEADLINE_QUEUE_STATUS } from './queues/queue-tokens.js';

const BODY_LIMIT_BYTES = 1024 * 1024;
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export const tokenVerifierFor = async (config: AppConfig): Promise<TokenVerifier> =>
  cachingTokenVerifier(
    config.auth.mode === 'dev'
      ? devTokenVerifier((await loadOrCreateDevKeys(config.auth.devKeyDir)).publicKey)
      : oidcTokenVerifier(config.auth),
  );

export interface CreateAppOptions {
  readonly tokenVerifier?: TokenVerifier;
}

/** Builds the API around live connections; `main` and the end-to-end tests both start it this way. */
export const createApp = async (
  config: AppConfig,
  logger: Logger,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> => {
  useProcessClock(clockFrom(config.clock));
  const pool = await connectPostgres(config.databaseUrl);
  const redis = connectRedis(config.redisUrl, logger);
  const tokenVerifier = options.tokenVerifier ?? (await tokenVerifierFor(config));
  await migrate(pool, API_SCHEMA, API_MIGRATIONS);
  await migrate(pool, ACCESS_LOG_SCHEMA, ACCESS_LOG_MIGRATIONS);
  const accessLog = new AccessLog(pool, logger);
  const eventStore = await eventStoreFromConfig(config, pool);

  const metrics = new ApiMetrics();
  const caseCommands = new CaseCommands(eventStore, {
    now: processNow,
    allowSyntheticIds: config.allowSyntheticIds,
    onAppended: (events) => events.forEach((event) => metrics.eventsAppended.inc({ type: event.type })),
  });

  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: true });
  // Runs when Nest closes the HTTP server, before the pool ends.
  adapter.getInstance().addHook('onClose', async () => accessLog.close());
  adapter.getInstance().addHook('onRequest', async (request, reply) => {
    const hasBody = request.headers['content-length'] !== '0' && (request.headers['content-length'] ?? request.headers['transfer-encoding']);
    if (request.method === 'POST' && hasBody && !JSON_MEDIA_TYPE.test(request.headers['content-type'] ?? '')) {
      sendProblem(reply, problem(415, 'Send the body as application/json'));
      return reply;
    }
  });
  adapter.getInstance().addHook('preValidation', async (request, reply) => {
    if (nestsDeeperThan(request.body, MAX_BODY_DEPTH)) {
      sendProblem(reply, problem(400, `The body nests deeper than ${MAX_BODY_DEPTH} levels`, {
        errors: [{ field: '', message: `must not nest objects or arrays deeper than ${MAX_BODY_DEPTH} levels` }],
      }));
      return reply;
    }
  });
  adapter.getInstance().addHook('onResponse', async (request, reply) => {
    const { principal } = request as { principal?: Principal };
    if (principal) {
      const correlationId = request.headers['x-correlation-id'];
      accessLog.record({
        at: new Date(),
        principal,
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        caseId: caseIdOf(request.params),
        status: reply.statusCode,
        correlationId: typeof correlationId === 'string' ? correlationId.slice(0, 200) : null,
      });
    }
    metrics.requestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });

  const appModule = AppModule.register({
      config,
      logger,
      pool,
      redis,
      tokenVerifier,
      metrics,
      eventStore,
      caseCommands,
      idempotency: new IdempotencyStore(pool),
    });
  const app = await NestFactory.create<NestFastifyApplication>(
    appModule,
    adapter,
    { logger: new PinoNestLogger(logger.child({ component: 'nest' })) },
  );
  app.enableShutdownHooks();
  useNestForValidators(app.select(appModule));
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'metrics'] });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('overgang')
      .setDescription('Transfers of patients from hospital to municipal care: commands, queries and the participation audit.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await mountQueueDashboard(app, [app.get<DeadlineQueueStatus>(DEADLINE_QUEUE_STATUS).queue], tokenVerifier);
  await serveWebApp(app, config.web.dir);

  await app.init();
  return app;
};
