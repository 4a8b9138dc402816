import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { clockFrom } from '#libs/config/clock.js';
import type { AppConfig } from '#libs/config/config.js';
import { cachingTokenVerifier } from '#libs/auth/caching-token-verifier.js';
import { loadOrCreateDevKeys } from '#libs/auth/dev-keys.js';
import { RateLimiter } from '#libs/auth/rate-limiter.js';
import { devTokenVerifier, oidcTokenVerifier, type TokenVerifier } from '#libs/auth/token-verifier.js';
import type { Principal } from '#libs/auth/principal.js';
import { PinoNestLogger } from '#libs/observability/logger.js';
import { ApiMetrics } from '#libs/observability/metrics.js';
import { CaseCommands } from '#libs/application/case-commands.js';
import { eventStoreFromConfig } from '#libs/event-store/event-store-from-config.js';
import { migrate } from '#libs/postgres/migrate.js';
import { AccessLog, ACCESS_LOG_MIGRATIONS, ACCESS_LOG_SCHEMA, caseIdOf } from './access-log/access-log.js';
import { AppModule } from './app.module.js';
import { Authenticator } from './auth/authenticator.js';
import { MAX_BODY_DEPTH, nestsDeeperThan } from './http/body-depth.js';
import { BODY_LIMIT_BYTES, httpServerOptions } from './http/http-server.js';
import { sendProblem } from './http/problem.filter.js';
import { useSecurityHeaders } from './http/security-headers.js';
import { useNestForValidators } from './http/validator-container.js';
import { problem } from './http/problem.js';
import { useStrictJsonBodies } from './http/json-body.js';
import { illFormedRequestText } from './http/request-text.js';
import { purgeExpiredKeysEvery } from './idempotency/expired-key-purge.js';
import { API_MIGRATIONS, API_SCHEMA, IDEMPOTENCY_SETTINGS, IdempotencyStore } from './idempotency/idempotency.store.js';
import { connectPostgres, connectRedis } from './infrastructure/connections.js';
import { serveWebApp } from './web/serve-web.js';
import type { DeadlineQueueStatus } from '#libs/deadline-timer/queue-status.js';
import { mountQueueDashboard } from './queues/queue-dashboard.js';
import { DEADLINE_QUEUE_STATUS } from './queues/queue-tokens.js';
import { IntakeService } from '#libs/intake/intake-service.js';
import { ParkedInbox } from '#libs/intake/parked-inbox.js';
import { DirectoryStore } from '#libs/intake/store/directory-store.js';
import { INTAKE_MIGRATIONS, INTAKE_SCHEMA } from '#libs/intake/store/intake-schema.js';

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
/** Hospital e-messages come as XML documents of up to 5 MiB (intake.md); every other body is JSON of up to 1 MiB. */
const INTAKE_MESSAGES_PATH = '/api/v1/intake/messages';
const XML_MEDIA_TYPE = /^(?:application|text)\/xml\s*(?:;|$)/i;
const XML_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

export const tokenVerifierFor = async (config: AppConfig): Promise<TokenVerifier> =>
  cachingTokenVerifier(
    config.auth.mode === 'dev'
      ? devTokenVerifier((await loadOrCreateDevKeys(config.auth.devKeyDir)).publicKey)
      : oidcTokenVerifier(config.auth),
  );

/** Builds the API around live connections; `main` and the end-to-end tests both start it this way. */
export const createApp = async (
  config: AppConfig,
  logger: Logger,
): Promise<NestFastifyApplication> => {
  const clock = clockFrom(config.clock);
  const pool = await connectPostgres(config.databaseUrl, logger);
  const redis = connectRedis(config.redisUrl, logger);
  const tokenVerifier = await tokenVerifierFor(config);
  await migrate(pool, API_SCHEMA, API_MIGRATIONS);
  await migrate(pool, ACCESS_LOG_SCHEMA, ACCESS_LOG_MIGRATIONS);
  await migrate(pool, INTAKE_SCHEMA, INTAKE_MIGRATIONS);
  const accessLog = new AccessLog(pool, logger);
  const eventStore = await eventStoreFromConfig(config, pool);

  const metrics = new ApiMetrics();
  const caseCommands = new CaseCommands(eventStore, {
    now: () => clock.now(),
    allowSyntheticIds: config.allowSyntheticIds,
    onAppended: (events) => events.forEach((event) => metrics.eventsAppended.inc({ type: event.type })),
  });

  const rateLimiter = config.rateLimit
    ? new RateLimiter(config.redisUrl, config.rateLimit, {
        prefix: config.queuePrefix,
        onUnavailable: (error) => {
          metrics.rateLimitAvailable.set(0);
          logger.warn({ error: error.message }, 'rate limit unavailable (Redis cannot answer): requests are let through unlimited');
        },
        onAvailable: () => {
          metrics.rateLimitAvailable.set(1);
          logger.info('rate limit available again');
        },
      })
    : null;
  const authenticator = new Authenticator(tokenVerifier, rateLimiter);

  const intakeDirectory = new DirectoryStore(pool);
  if (config.intake.seed) await intakeDirectory.seed(config.intake.seed);
  const intakeSettings = {
    rejectUnknownReceiver: config.intake.rejectUnknownReceiver,
    allowSyntheticIds: config.allowSyntheticIds,
    pseudonymSecret: config.pseudonymSecret,
  };
  const intake = new IntakeService({
    pool,
    store: eventStore,
    commands: caseCommands,
    directory: intakeDirectory,
    settings: intakeSettings,
    now: () => clock.now(),
    observer: {
      message: (msgType, outcome) => metrics.intakeMessages.inc({ msg_type: msgType, outcome }),
      validation: (seconds) => metrics.intakeValidationSeconds.observe(seconds),
    },
  });
  const parkedInbox = new ParkedInbox({ pool, store: eventStore, intake, directory: intakeDirectory, settings: intakeSettings, now: () => clock.now() });

  const adapter = new FastifyAdapter(httpServerOptions(config.http, logger));
  adapter.getInstance().addContentTypeParser(XML_MEDIA_TYPE, { parseAs: 'buffer', bodyLimit: XML_BODY_LIMIT_BYTES }, (_request, body, done) =>
    done(null, body),
  );
  await useSecurityHeaders(adapter.getInstance(), { connectSources: config.auth.mode === 'oidc' ? [new URL(config.auth.issuer).origin] : [] });
  const idempotency = new IdempotencyStore(pool, { ...IDEMPOTENCY_SETTINGS, claimSeconds: config.http.idempotencyClaimSeconds });
  const keyPurge = purgeExpiredKeysEvery(idempotency, logger);
  // Runs when Nest closes the HTTP server, before the pool ends.
  adapter.getInstance().addHook('onClose', async () => {
    await keyPurge.stop();
    await rateLimiter?.close();
    await accessLog.close();
  });
  adapter.getInstance().addHook('onRequest', async (request, reply) => {
    void reply.header('x-correlation-id', request.id);
    const illFormed = illFormedRequestText(request.url, request.headers);
    if (illFormed) {
      sendProblem(reply, problem(400, `${illFormed.field} is not valid text`, { errors: [illFormed] }));
      return reply;
    }
    const hasBody = request.headers['content-length'] !== '0' && (request.headers['content-length'] ?? request.headers['transfer-encoding']);
    if (request.method !== 'POST' || !hasBody) return;
    const contentType = request.headers['content-type'] ?? '';
    if (request.url.split('?')[0] === INTAKE_MESSAGES_PATH) {
      if (!XML_MEDIA_TYPE.test(contentType)) {
        sendProblem(reply, problem(415, 'Send the message as application/xml'));
        return reply;
      }
    } else if (!JSON_MEDIA_TYPE.test(contentType)) {
      sendProblem(reply, problem(415, 'Send the body as application/json'));
      return reply;
    }
  });
  adapter.getInstance().addHook('preValidation', async (request, reply) => {
    if (!Buffer.isBuffer(request.body) && nestsDeeperThan(request.body, MAX_BODY_DEPTH)) {
      sendProblem(reply, problem(400, `The body nests deeper than ${MAX_BODY_DEPTH} levels`, {
        errors: [{ field: '', message: `must not nest objects or arrays deeper than ${MAX_BODY_DEPTH} levels` }],
      }));
      return reply;
    }
  });
  adapter.getInstance().addHook('onResponse', async (request, reply) => {
    const { principal } = request as { principal?: Principal };
    if (principal) {
      accessLog.record({
        at: new Date(),
        principal,
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        caseId: caseIdOf(request.params),
        status: reply.statusCode,
        correlationId: request.id,
      });
    }
    metrics.requestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });

  const appModule = AppModule.register({
      config,
      clock,
      logger,
      pool,
      redis,
      authenticator,
      metrics,
      eventStore,
      caseCommands,
      idempotency,
      intake,
      parkedInbox,
      intakeDirectory,
    });
  const app = await NestFactory.create<NestFastifyApplication>(
    appModule,
    adapter,
    { logger: new PinoNestLogger(logger.child({ component: 'nest' })) },
  );
  app.enableShutdownHooks();
  useStrictJsonBodies(app, BODY_LIMIT_BYTES);
  useNestForValidators(app.select(appModule));
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'health/live', 'health/ready', 'metrics'] });

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
  await mountQueueDashboard(app, [app.get<DeadlineQueueStatus>(DEADLINE_QUEUE_STATUS).queue], authenticator, logger);
  await serveWebApp(app, config.web.dir);

  await app.init();
  return app;
};
