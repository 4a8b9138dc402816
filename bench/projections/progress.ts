import { setTimeout as sleep } from 'node:timers/promises';

export const perSecond = (events: number, ms: number): number => Math.round((events * 1000) / ms);
export const fmt = (n: number): string => n.toLocaleString('en-US');

/** Prints events/s, percent and time left on stderr every two seconds while `work` runs. */
export const withProgress = async <T>(label: string, total: number, processed: () => Promise<number> | number, work: Promise<T>): Promise<T> => {
  const started = performance.now();
  const done = new AbortController();
  const reporter = (async () => {
    while (!done.signal.aborted) {
      // Aborted when the work ends, so waiting for the reporter never adds to what the caller times.
      await sleep(2000, undefined, { signal: done.signal }).catch(() => {});
      if (done.signal.aborted) break;
      const count = await processed();
      const rate = perSecond(count, performance.now() - started);
      const left = rate > 0 ? Math.round((total - count) / rate) : NaN;
      process.stderr.write(`  ${label}: ${fmt(count)} / ${fmt(total)} (${Math.round((count * 100) / total)} %), ${fmt(rate)} events/s, ~${left} s left\n`);
    }
  })();
  try {
    return await work;
  } finally {
    done.abort();
    await reporter;
  }
};
