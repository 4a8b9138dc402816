import 'reflect-metadata';
import { ConfigError, loadConfig } from '#libs/config/config.js';
import { createLogger } from '#libs/observability/logger.js';
import { createApp } from './bootstrap.js';
import { StartupError } from './infrastructure/connections.js';

const start = async (): Promise<void> => {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'overgang-api');
  const app = await createApp(config, logger);
  await app.listen({ port: config.port, host: config.host });
  const base = `http://${config.host}:${config.port}`;
  logger.info({ url: base, docs: `${base}/docs` }, 'api listening');
};

start().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`overgang-api: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
});
