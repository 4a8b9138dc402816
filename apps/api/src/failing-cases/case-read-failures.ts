import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { CaseUnreadableError } from '#libs/application/case-unreadable.js';
import { clearFailing, COMPONENT_GENERATION, markedCases, markFailing } from '#libs/projections/runtime/failing-cases.js';
import { LOGGER, PG_POOL } from '../infrastructure/tokens.js';

/** How `GET /cases/{caseId}` marks a case it cannot read in `read_models.failing_cases`. */
export const CASE_READ_COMPONENT = 'case_read';

/** How stale this process's view of the marks may be: another API process may have marked a case this one reads. */
const REFRESH_MS = 5_000;


/**
 * The cases `GET /cases/{caseId}` cannot read: marked when a read fails, cleared when one succeeds (checked against
 * the marks this process knows, refreshed every few seconds, so a healthy read costs no query).
 */
@Injectable()
export class CaseReadFailures {
  readonly #marked = new Set<string>();
  #refreshedAt = 0;
  #refreshing: Promise<void> | null = null;

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async failed(error: CaseUnreadableError, { relocate = false } = {}): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await markFailing(client, CASE_READ_COMPONENT, COMPONENT_GENERATION, [{ caseId: error.caseId, ...error.at, lastPosition: error.at.position }], {
        relocate,
      });
      await client.query('COMMIT');
      if (!this.#marked.has(error.caseId)) this.logger.error({ caseId: error.caseId, ...error.at }, 'a case cannot be read: marked failing');
      this.#marked.add(error.caseId);
    } catch (failure) {
      await client.query('ROLLBACK').catch(() => undefined);
      // The reader still gets its answer; the mark is made by the next read that fails.
      this.logger.warn({ caseId: error.caseId, error: (failure as Error).message }, 'marking a case failing failed');
    } finally {
      client.release();
    }
  }

  /** A read of the case succeeded: its mark goes, if this process knows of one (`known`: there is one). */
  async succeeded(caseId: string, { known = false } = {}): Promise<void> {
    this.#refreshSoon();
    if (!known && !this.#marked.has(caseId)) return;
    await clearFailing(this.pool, CASE_READ_COMPONENT, COMPONENT_GENERATION, [caseId]);
    this.#marked.delete(caseId);
    this.logger.info({ caseId }, 'a case reads again: its mark is cleared');
  }

  #refreshSoon(): void {
    if (this.#refreshing || Date.now() - this.#refreshedAt < REFRESH_MS) return;
    this.#refreshedAt = Date.now();
    this.#refreshing = markedCases(this.pool, CASE_READ_COMPONENT, COMPONENT_GENERATION)
      .then((marked) => {
        this.#marked.clear();
        for (const caseId of marked) this.#marked.add(caseId);
      })
      .catch(() => undefined)
      .finally(() => (this.#refreshing = null));
  }
}
