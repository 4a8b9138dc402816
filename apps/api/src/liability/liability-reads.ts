import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { caseScopeFilter } from '#libs/auth/case-scope.js';
import type { Principal } from '#libs/auth/principal.js';
import type { Clock } from '#libs/config/clock.js';
import type { AppConfig } from '#libs/config/config.js';
import type { LiabilityReportItem } from '#libs/projections/liability/liability-as-of.js';
import { queryLiability } from '#libs/projections/liability/liability-query.js';
import { APP_CONFIG, CLOCK } from '../infrastructure/tokens.js';
import { ReadModels } from '../read-models/read-models.js';

/** `GET /liability`: per municipality and month, as of today, in the caller's scope. */
export class GetLiability extends Query<LiabilityReportItem[]> {
  constructor(
    readonly principal: Principal,
    readonly municipalityCode: string | undefined,
    readonly month: string | undefined,
    readonly minPosition: string | undefined,
  ) {
    super();
  }
}

@QueryHandler(GetLiability)
export class GetLiabilityHandler implements IQueryHandler<GetLiability, LiabilityReportItem[]> {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ principal, municipalityCode, month, minPosition }: GetLiability): Promise<LiabilityReportItem[]> {
    const scope = caseScopeFilter(principal);
    const scoped = scope?.municipalityCode;
    // Outside the caller's scope the rows are simply not there (as in the audit queries).
    if (scope === null || scope.hospitalOrgNumber !== undefined) return [];
    if (scoped !== undefined && municipalityCode !== undefined && municipalityCode !== scoped) return [];
    const code = scoped ?? municipalityCode;
    return this.readModels.read('liability', minPosition, (db) =>
      queryLiability(db, this.config.regulation, this.clock.now(), {
        ...(code !== undefined && { municipalityCode: code }),
        ...(month !== undefined && { month }),
      }),
    );
  }
}
