import type { Logger } from 'pino';

export interface BackgroundService {
  stop(): Promise<void>;
}

/** Registers something `start` opened, with how to release it; released in reverse order. */
export type Own = <T>(resource: T, release: (resource: T) => Promise<unknown> | unknown) => T;

const RETRY_MS = 5000;

/**
 * Starts a part of the worker in the background and retries every few seconds while it cannot start
 * (PostgreSQL unreachable), so the worker's queues never wait for it. What a failed attempt opened is released.
 */
export const startInBackground = (name: string, log: Logger, start: (own: Own) => Promise<void>): BackgroundService => {
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let owned: (() => Promise<unknown> | unknown)[] = [];
  const own: Own = (resource, release) => {
    owned.push(() => release(resource));
    return resource;
  };
  const release = async (): Promise<void> => {
    const releasing = owned.reverse();
    owned = [];
    for (const next of releasing) await next();
  };

  const attempt = async (): Promise<void> => {
    try {
      await start(own);
      if (stopped) await release();
    } catch (error) {
      log.error({ error: (error as Error).message }, `${name} cannot start; retrying in ${RETRY_MS} ms`);
      await release().catch(() => {});
      if (!stopped) retry = setTimeout(() => void attempt(), RETRY_MS);
    }
  };
  const started = attempt();

  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await started;
      await release();
    },
  };
};
