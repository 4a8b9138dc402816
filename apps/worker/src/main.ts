import { clockFrom } from '#libs/config/clock.js';
import { ConfigError, loadConfig } from '#libs/config/config.js';
import { createLogger } from '#libs/observability/logger.js';
import { startLegalClock } from './legal-clock.js';
import { startProjectionRuntime } from './projections.js';
import { startWorker } from './worker.js';

interface Stoppable {
  stop(): Promise<void>;
}

const start = async (): Promise<void> => {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'overgang-worker');
  // The signal handlers come first: a SIGTERM while the worker is still connecting stops what has started, cleanly.
  const started: Stoppable[] = [];
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'worker stopping');
    Promise.all(started.map((part) => part.stop())).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  started.push(await startWorker(config.redisUrl, config.queuePrefix, logger));
  started.push(startProjectionRuntime(config, logger), startLegalClock(config, clockFrom(config.clock), logger));
};

start().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`overgang-worker: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
});
