import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `done` (a probe that throws counts as not yet) until it holds, and answers how long that took; throws after
 * `timeoutMs`, with what `context` tells (say, the processes' last output).
 */
export const waitUntil = async (what: string, done: () => Promise<boolean>, timeoutMs: number, context: () => string = () => ''): Promise<number> => {
  const started = performance.now();
  while (!(await done().catch(() => false))) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${context()}`);
    await sleep(50);
  }
  return Math.round(performance.now() - started);
};
