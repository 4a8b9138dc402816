import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { CaseOwnership } from '#libs/auth/case-scope.js';
import type { Position } from '#libs/event-store/event-store.port.js';
import { parsePosition } from '#libs/event-store/position.js';
import { isNotCreatedYet } from '#libs/postgres/sql-state.js';
import { waitForPosition } from '#libs/projections/runtime/wait-for-position.js';
import { ProblemException } from '../http/problem.exception.js';
import { PG_POOL } from '../infrastructure/tokens.js';

const RETRY_AFTER = { 'retry-after': '1' } as const;

/**
 * Every read of a read model goes through here (api.md, Queries). With `minPosition` it first waits (up to 2 s) until
 * the projection's live generation has processed that position (read your own writes), else answers 503 with
 * Retry-After; a read model that has not been built yet (its projection never ran, or a rebuild brings a new table
 * that is not live yet) answers 503 with Retry-After too, never 500.
 */
@Injectable()
export class ReadModels {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async read<T>(projection: string, minPosition: Position | string | undefined, query: (db: pg.Pool) => Promise<T>): Promise<T> {
    if (minPosition !== undefined) await this.reach(projection, minPosition);
    try {
      return await query(this.pool);
    } catch (error) {
      if (!isNotCreatedYet(error)) throw error;
      throw ProblemException.of(503, `The ${projection} read model is being built; retry shortly`, {}, RETRY_AFTER);
    }
  }

  /** Waits (bounded) until the projection has processed `position`; 503 with Retry-After when it has not. */
  async reach(projection: string, position: Position | string): Promise<void> {
    const target = typeof position === 'string' ? parsePosition(position)! : position;
    if (!(await waitForPosition(this.pool, projection, target))) {
      throw ProblemException.of(503, `The ${projection} projection has not reached minPosition yet; retry shortly`, {}, RETRY_AFTER);
    }
  }
}

/**
 * The caller's case scope (`caseScopeFilter`) as SQL conditions on a read model's owner columns, `municipality_code`
 * and `hospital_org_number`; `false` when the caller sees no case at all. `param` binds a value and names it (`$n`).
 */
export const scopeConditions = (scope: Partial<CaseOwnership> | null, param: (value: unknown) => string): string[] =>
  scope === null
    ? ['false']
    : [
        ...(scope.municipalityCode === undefined ? [] : [`municipality_code = ${param(scope.municipalityCode)}`]),
        ...(scope.hospitalOrgNumber === undefined ? [] : [`hospital_org_number = ${param(scope.hospitalOrgNumber)}`]),
      ];
