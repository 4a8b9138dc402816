import type { JobsOptions, Queue } from 'bullmq';
import type { DeadlineKind } from '#libs/domain/transfer-case/events.js';

/** One delayed job per open deadline, its `jobId` the deadline's id: adding it again is a no-op. */
export const DEADLINE_QUEUE = 'overgang-deadlines';
export const DEADLINE_JOB = 'deadline-due';

export interface DeadlineJobData {
  readonly deadlineId: string;
  readonly caseId: string;
  readonly kind: DeadlineKind;
  /** ISO 8601, exclusive: the deadline is missed from this instant on. */
  readonly dueAt: string;
}

export type DeadlineQueue = Queue<DeadlineJobData, unknown, typeof DEADLINE_JOB>;

/** How often a firing that fails is tried, with exponential backoff, before the job goes to the failed set. */
export interface FireRetry {
  readonly attempts: number;
  readonly firstBackoffMs: number;
}

// 1 s, 2 s, 4 s … about two minutes in all, then the failed set, where /health and /metrics show it.
export const DEFAULT_FIRE_RETRY: FireRetry = { attempts: 8, firstBackoffMs: 1000 };

const jobOptions = (retry: FireRetry): JobsOptions => ({
  attempts: retry.attempts,
  backoff: { type: 'exponential', delay: retry.firstBackoffMs },
  // A finished job is kept for a day so a late reconcile pass adds nothing for it; the deadline is closed by then.
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: false,
});

export const jobFor = (deadline: DeadlineJobData, now: Date, retry: FireRetry = DEFAULT_FIRE_RETRY) => ({
  name: DEADLINE_JOB as typeof DEADLINE_JOB,
  data: deadline,
  opts: { ...jobOptions(retry), jobId: deadline.deadlineId, delay: Math.max(0, Date.parse(deadline.dueAt) - now.getTime()) },
});

const BULK = 500;

/** Adds a job for each deadline; one whose job exists (in any state) is left as it is. */
export const scheduleDeadlines = async (
  queue: DeadlineQueue,
  deadlines: readonly DeadlineJobData[],
  now: Date,
  retry: FireRetry = DEFAULT_FIRE_RETRY,
): Promise<void> => {
  for (let start = 0; start < deadlines.length; start += BULK) {
    await queue.addBulk(deadlines.slice(start, start + BULK).map((deadline) => jobFor(deadline, now, retry)));
  }
};

/** Removes the jobs of deadlines that closed before they were due; a job already running finishes and finds it closed. */
export const unscheduleDeadlines = async (queue: DeadlineQueue, deadlineIds: readonly string[]): Promise<number> => {
  const removed = await Promise.all(
    deadlineIds.map(async (id) => {
      const state = await queue.getJobState(id);
      return state === 'delayed' || state === 'waiting' || state === 'prioritized' ? queue.remove(id) : 0;
    }),
  );
  return removed.reduce((total: number, count) => total + count, 0);
};

/** The ids of every job not yet finished or given up on, and of those kept after finishing or failing. */
export const jobIds = async (queue: DeadlineQueue): Promise<{ pending: Set<string>; all: Set<string> }> => {
  const pending = await queue.getRanges(['delayed', 'waiting', 'prioritized', 'active'], 0, -1);
  const finished = await queue.getRanges(['completed', 'failed'], 0, -1);
  return { pending: new Set(pending), all: new Set([...pending, ...finished]) };
};
