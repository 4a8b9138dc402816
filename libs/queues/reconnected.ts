import type { Redis } from 'ioredis';

/**
 * Calls `then` each time the connection is ready again after it was lost (not on the first connect). A Redis that comes
 * back may have lost its data (restarted without persistence, failed over, flushed): what lives only there — delayed
 * deadline jobs, job schedulers — has to be put back. Answers a function that stops listening.
 */
export const onReconnected = (redis: Redis, then: () => void): (() => void) => {
  let lost = false;
  const close = (): void => {
    lost = true;
  };
  const ready = (): void => {
    if (!lost) return;
    lost = false;
    then();
  };
  redis.on('close', close);
  redis.on('ready', ready);
  return () => {
    redis.off('close', close);
    redis.off('ready', ready);
  };
};
