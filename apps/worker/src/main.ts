import { ConfigError, loadConfig } from '#libs/config/config.js';
import { createLogger } from '#libs/observability/logger.js';
import { startLegalClock } from './legal-clock.js';
import { startProjectionRuntime } from './projections.js';
import { startWorker } from './worker.js';

const start = async (): Promise<void> => {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'overgang-worker');
  const worker = await startWorker(config.redisUrl, config.queuePrefix, logger);
  const projections = startProjectionRuntime(config, logger);
  const legalClock = startLegalClock(config, logger);
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'worker stopping');
    Promise.all([worker.stop(), projections.stop(), legalClock.stop()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
};

start().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`overgang-worker: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
});
