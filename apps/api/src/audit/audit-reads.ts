import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AllocationAssessment } from '#libs/domain/participation/allocation-assessment.js';
import { ReadModels } from '../read-models/read-models.js';
import { allAllocations, allocationPage, allocationSummary, type AllocationPage, type SummaryItem } from './allocation-audit.queries.js';
import type { AllocationCursor, AuditFilter } from './audit-filter.js';
import type { GroupBy } from './audit-query.dto.js';

const PROJECTION = 'participation';

/** `GET /audit/allocations`: one page of assessments. */
export class GetAllocations extends Query<AllocationPage> {
  constructor(
    readonly filter: AuditFilter,
    readonly limit: number,
    readonly after: AllocationCursor | undefined,
    readonly minPosition: string | undefined,
  ) {
    super();
  }
}

/**
 * `GET /audit/allocations.csv`: every matching assessment, in batches. The first batch is read before the answer is
 * given, so a read model that cannot be read still answers with a problem.
 */
export class GetAllocationBatches extends Query<AsyncIterable<AllocationAssessment[]>> {
  constructor(
    readonly filter: AuditFilter,
    readonly batchSize: number,
    readonly minPosition: string | undefined,
  ) {
    super();
  }
}

/** `GET /audit/summary`: the assessments summarised per group. */
export class GetAuditSummary extends Query<SummaryItem[]> {
  constructor(
    readonly filter: AuditFilter,
    readonly groupBy: GroupBy,
    readonly minPosition: string | undefined,
  ) {
    super();
  }
}

@QueryHandler(GetAllocations)
export class GetAllocationsHandler implements IQueryHandler<GetAllocations, AllocationPage> {
  constructor(private readonly readModels: ReadModels) {}

  execute({ filter, limit, after, minPosition }: GetAllocations): Promise<AllocationPage> {
    return this.readModels.read(PROJECTION, minPosition, (db) => allocationPage(db, filter, limit, after));
  }
}

@QueryHandler(GetAllocationBatches)
export class GetAllocationBatchesHandler implements IQueryHandler<GetAllocationBatches, AsyncIterable<AllocationAssessment[]>> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ filter, batchSize, minPosition }: GetAllocationBatches): Promise<AsyncIterable<AllocationAssessment[]>> {
    let batches!: AsyncGenerator<AllocationAssessment[]>;
    const first = await this.readModels.read(PROJECTION, minPosition, (db) => {
      batches = allAllocations(db, filter, batchSize);
      return batches.next();
    });
    return (async function* () {
      for (let batch = first; !batch.done; batch = await batches.next()) yield batch.value;
    })();
  }
}

@QueryHandler(GetAuditSummary)
export class GetAuditSummaryHandler implements IQueryHandler<GetAuditSummary, SummaryItem[]> {
  constructor(private readonly readModels: ReadModels) {}

  execute({ filter, groupBy, minPosition }: GetAuditSummary): Promise<SummaryItem[]> {
    return this.readModels.read(PROJECTION, minPosition, (db) => allocationSummary(db, filter, groupBy));
  }
}

export const AUDIT_READS = [GetAllocationsHandler, GetAllocationBatchesHandler, GetAuditSummaryHandler];
