import type pg from 'pg';
import type { Clock } from '#libs/config/clock.js';
import { DEFAULT_FIRE_RETRY, jobIds, scheduleDeadlines, unscheduleDeadlines, type DeadlineQueue, type FireRetry } from './deadline-queue.js';
import { readDeadlines, readOpenDeadlines } from './deadline-reads.js';

export interface ReconcileOutcome {
  readonly open: number;
  /** Open deadlines that had no job (Redis lost it, or the scheduler missed a notification). */
  readonly scheduled: number;
  /** Pending jobs whose deadline is no longer open. */
  readonly removed: number;
  readonly durationMs: number;
}

/**
 * Makes the queue match the Deadline read model, the truth: a job for every open deadline, none pending for a
 * closed one. A job added by the scheduler while this runs is never removed: a pending job is removed only when
 * the read model, read again after listing the jobs, says its deadline is not open.
 */
export const reconcile = async (
  db: pg.Pool,
  queue: DeadlineQueue,
  clock: Clock,
  retry: FireRetry = DEFAULT_FIRE_RETRY,
): Promise<ReconcileOutcome> => {
  const started = performance.now();
  const open = await readOpenDeadlines(db);
  const jobs = await jobIds(queue);
  const missing = open.filter((deadline) => !jobs.all.has(deadline.deadlineId));
  await scheduleDeadlines(queue, missing, clock.now(), retry);

  const openIds = new Set(open.map((deadline) => deadline.deadlineId));
  const suspects = [...jobs.pending].filter((id) => !openIds.has(id));
  const stillOpen = new Set(
    (await readDeadlines(db, suspects)).filter((deadline) => deadline.status === 'open').map((deadline) => deadline.deadlineId),
  );
  const removed = await unscheduleDeadlines(queue, suspects.filter((id) => !stillOpen.has(id)));
  return { open: open.length, scheduled: missing.length, removed, durationMs: Math.round(performance.now() - started) };
};
