import type { CaseCommands } from '#libs/application/case-commands.js';
import { StaleRevisionError } from '#libs/application/case-command-errors.js';
import { loadCase, toCaseRecord } from '#libs/application/case-events.js';
import { readCase } from '#libs/application/case-unreadable.js';
import type { Clock } from '#libs/config/clock.js';
import { computeDeadlines, type DeadlineStatus } from '#libs/domain/regulation/deadlines.js';
import type { RegulationConfig } from '#libs/domain/regulation/regulation-config.js';
import type { Actor, EventStore } from '#libs/event-store/event-store.port.js';
import type { DeadlineJobData } from './deadline-queue.js';

export const DEADLINE_TIMER_ACTOR: Actor = { id: 'overgang-deadline-timer', role: 'system', organisation: '*' };

export type FireOutcome =
  /** `DeadlineMissed` was recorded now, or had been (a retry after a crash records nothing more). */
  | { readonly outcome: 'recorded'; readonly recordedNow: boolean }
  /** The case no longer has the deadline open: met, cancelled or already missed. */
  | { readonly outcome: 'closed'; readonly status: DeadlineStatus | 'unknown' }
  /** Fired before its due instant by this process's clock: to be tried again after this many milliseconds. */
  | { readonly outcome: 'early'; readonly inMs: number };

export interface FireDeadlineDependencies {
  readonly store: EventStore;
  readonly caseCommands: CaseCommands;
  readonly regulation: RegulationConfig;
  readonly clock: Clock;
}

const CONFLICT_ATTEMPTS = 3;

/**
 * A deadline's job fired: read the case as it is, and if the deadline is still open and due, record `DeadlineMissed`
 * through the command path, expecting the revision just read. A case that moved meanwhile is read again; the decider
 * records a deadline's miss once, however often this runs. A case whose events this code cannot read throws
 * `CaseUnreadableError`.
 */
export const fireDeadline = async (job: DeadlineJobData, deps: FireDeadlineDependencies): Promise<FireOutcome> => {
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadCase(deps.store, job.caseId);
    if (loaded.revision === null) return { outcome: 'closed', status: 'unknown' };
    const deadlines = readCase(job.caseId, loaded.events, (events) => computeDeadlines(events.map(toCaseRecord), deps.regulation));
    const deadline = deadlines.find((candidate) => candidate.deadlineId === job.deadlineId);
    if (!deadline) return { outcome: 'closed', status: 'unknown' };
    if (deadline.status !== 'open') return { outcome: 'closed', status: deadline.status };
    const inMs = Date.parse(deadline.dueAt) - deps.clock.now().getTime();
    if (inMs > 0) return { outcome: 'early', inMs };
    try {
      const outcome = await deps.caseCommands.execute(
        {
          type: 'RecordDeadlineMiss',
          caseId: job.caseId,
          // The miss happened in the world at the due instant, whenever the timer gets to record it.
          occurredAt: deadline.dueAt,
          deadline: deadline.kind,
          deadlineId: deadline.deadlineId,
          dueAt: deadline.dueAt,
        },
        {
          actor: DEADLINE_TIMER_ACTOR,
          source: { channel: 'system' },
          correlationId: deadline.deadlineId,
          causationId: null,
          expectedRevision: loaded.revision,
        },
      );
      return { outcome: 'recorded', recordedNow: outcome.recorded.length > 0 };
    } catch (error) {
      if (!(error instanceof StaleRevisionError) || attempt >= CONFLICT_ATTEMPTS) throw error;
    }
  }
};
