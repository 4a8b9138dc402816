import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { listFailingCases, type FailingCase } from '#libs/projections/runtime/failing-cases.js';
import { PG_POOL } from '../infrastructure/tokens.js';

/** `GET /api/v1/admin/failing-cases`: the cases failing now, of one projection or component or all. */
export class ListFailingCases extends Query<FailingCase[]> {
  constructor(readonly component: string | undefined) {
    super();
  }
}

@QueryHandler(ListFailingCases)
export class ListFailingCasesHandler implements IQueryHandler<ListFailingCases, FailingCase[]> {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  execute({ component }: ListFailingCases): Promise<FailingCase[]> {
    return listFailingCases(this.pool, { ...(component !== undefined && { component }) });
  }
}
