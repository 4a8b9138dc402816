import type { Logger } from 'pino';
import type { IdempotencyStore } from './idempotency.store.js';

const BATCH = 1000;
const MAX_BATCHES_PER_RUN = 10;

/**
 * Deletes expired idempotency keys every `everyMs`: at most ten batches of a thousand a run, so one run's work is
 * bounded however many keys expired at once; the rest go in the next runs. Every API process purges; they skip
 * each other's rows. A failed run is logged and the next one tries again.
 */
export const purgeExpiredKeysEvery = (store: IdempotencyStore, logger: Logger, everyMs = 60_000): { stop(): Promise<void> } => {
  let running: Promise<void> = Promise.resolve();
  const run = async (): Promise<void> => {
    try {
      let purged = 0;
      for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch += 1) {
        const deleted = await store.purgeExpired(BATCH);
        purged += deleted;
        if (deleted < BATCH) break;
      }
      if (purged > 0) logger.debug({ purged }, 'expired idempotency keys purged');
    } catch (error) {
      logger.warn({ error: (error as Error).message }, 'purging expired idempotency keys failed; retrying in the next run');
    }
  };
  const timer = setInterval(() => {
    running = running.then(run);
  }, everyMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
};
