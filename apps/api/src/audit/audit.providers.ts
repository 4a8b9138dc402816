import type { Provider } from '@nestjs/common';
import type pg from 'pg';
import { waitForPosition } from '#libs/projections/runtime/wait-for-position.js';
import { PG_POOL } from '../infrastructure/tokens.js';
import { AllocationAuditQueries } from './allocation-audit.queries.js';
import { PARTICIPATION_POSITION, type ProjectionPosition } from './projection-position.js';

export { AuditController } from './audit.controller.js';

/** What the audit endpoints need, over the API's pool. */
export const AUDIT_PROVIDERS: Provider[] = [
  { provide: AllocationAuditQueries, useFactory: (pool: pg.Pool) => new AllocationAuditQueries(pool), inject: [PG_POOL] },
  {
    provide: PARTICIPATION_POSITION,
    useFactory: (pool: pg.Pool): ProjectionPosition => ({ reached: (position) => waitForPosition(pool, 'participation', position) }),
    inject: [PG_POOL],
  },
];
