import type pg from 'pg';
import type { Logger } from 'pino';
import type { UnreadableAt } from '#libs/application/case-unreadable.js';
import {
  clearFailing,
  COMPONENT_GENERATION,
  markedCases,
  markFailing,
  retriesRequested,
  retryTaken,
} from '#libs/projections/runtime/failing-cases.js';
import type { DeadlineQueue } from './deadline-queue.js';

/** How the deadline timer's cases appear in `read_models.failing_cases`. */
export const DEADLINE_TIMER_COMPONENT = 'deadline_timer';

const RETRIES_AT_ONCE = 100;

/**
 * The cases whose deadlines the timer cannot fire because it cannot read their events: each is marked failing (its
 * job goes to the failed set without further attempts), and the mark is cleared when a job of the case fires again.
 * An admin's retry sends the case's failed jobs round again.
 */
export class TimerFailures {
  readonly #marked = new Set<string>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly queue: DeadlineQueue,
    private readonly logger: Logger,
  ) {}

  /** Reads the marks again: another worker's timer may have marked a case this one fires. */
  async load(): Promise<void> {
    const marked = await markedCases(this.pool, DEADLINE_TIMER_COMPONENT, COMPONENT_GENERATION);
    this.#marked.clear();
    for (const caseId of marked) this.#marked.add(caseId);
  }

  async failed(caseId: string, at: UnreadableAt): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await markFailing(client, DEADLINE_TIMER_COMPONENT, COMPONENT_GENERATION, [{ caseId, ...at, lastPosition: at.position }]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    if (!this.#marked.has(caseId)) {
      this.logger.error({ caseId, ...at }, 'deadline timer cannot read a case: its deadline job is set aside and the case marked failing');
    }
    this.#marked.add(caseId);
  }

  async succeeded(caseId: string): Promise<void> {
    if (!this.#marked.has(caseId)) return;
    await clearFailing(this.pool, DEADLINE_TIMER_COMPONENT, COMPONENT_GENERATION, [caseId]);
    this.#marked.delete(caseId);
    this.logger.info({ caseId }, 'deadline timer reads the case again; its mark is cleared');
  }

  /** Sends the failed jobs of the cases an admin asked to retry round again; a case without one is cleared. */
  async retryRequested(): Promise<void> {
    const caseIds = await retriesRequested(this.pool, DEADLINE_TIMER_COMPONENT, COMPONENT_GENERATION, RETRIES_AT_ONCE);
    if (caseIds.length === 0) return;
    const wanted = new Set(caseIds);
    const withJobs = new Set<string>();
    for (const job of await this.queue.getFailed(0, -1)) {
      if (!wanted.has(job.data.caseId)) continue;
      await job.retry('failed');
      withJobs.add(job.data.caseId);
    }
    await retryTaken(this.pool, DEADLINE_TIMER_COMPONENT, COMPONENT_GENERATION, [...withJobs]);
    const nothingToRetry = caseIds.filter((caseId) => !withJobs.has(caseId));
    await clearFailing(this.pool, DEADLINE_TIMER_COMPONENT, COMPONENT_GENERATION, nothingToRetry);
    for (const caseId of nothingToRetry) this.#marked.delete(caseId);
    this.logger.info({ retried: withJobs.size, cleared: nothingToRetry.length }, 'deadline timer retries failing cases');
  }
}
