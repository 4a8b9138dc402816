import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `probe` until it gives a value (neither `undefined` nor `false`; a probe that throws counts as not yet) and
 * answers that value; throws after `timeoutMs` naming `what`, with what `context` tells (say, a process's last output).
 */
export const waitUntil = async <T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
  context: () => string = () => '',
): Promise<T> => {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (performance.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${context()}`);
    await sleep(50);
  }
};

/** How long `wait` took, in whole milliseconds. */
export const elapsed = async (wait: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await wait();
  return Math.round(performance.now() - started);
};
