import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import type { AppConfig } from '#libs/config/config.js';
import { loadOrCreateDevKeys } from '#libs/auth/dev-keys.js';
import { devTokenVerifier, oidcTokenVerifier, type TokenVerifier } from '#libs/auth/token-verifier.js';
import { PinoNestLogger } from '#libs/observability/logger.js';
import { ApiMetrics } from '#libs/observability/metrics.js';
import { AppModule } from './app.module.js';
import { connectPostgres, connectRedis } from './infrastructure/connections.js';

const BODY_LIMIT_BYTES = 1024 * 1024;

export const tokenVerifierFor = async (config: AppConfig): Promise<TokenVerifier> =>
  config.auth.mode === 'dev'
    ? devTokenVerifier((await loadOrCreateDevKeys(config.auth.devKeyDir)).publicKey)
    : oidcTokenVerifier(config.auth);

export interface CreateAppOptions {
  readonly tokenVerifier?: TokenVerifier;
}

/** Builds the API around live connections; `main` and the end-to-end tests both start it this way. */
export const createApp = async (
  config: AppConfig,
  logger: Logger,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> => {
  const pool = await connectPostgres(config.databaseUrl);
  const redis = connectRedis(config.redisUrl, logger);
  const tokenVerifier = options.tokenVerifier ?? (await tokenVerifierFor(config));

  const metrics = new ApiMetrics();

  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: true });
  adapter.getInstance().addHook('onResponse', async (request, reply) => {
    metrics.requestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ config, logger, pool, redis, tokenVerifier, metrics }),
    adapter,
    { logger: new PinoNestLogger(logger.child({ component: 'nest' })) },
  );
  app.enableShutdownHooks();
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

  await app.init();
  return app;
};
