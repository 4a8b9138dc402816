/**
 * Read answers typed by the same TypeScript types the API builds them from, imported type-only, so they cannot
 * drift apart (the OpenAPI document describes them too, as schema.d.ts shows, e.g. `CaseReadAnswer`).
 */
import type { CaseView } from '#libs/domain/transfer-case/case-view.js';
import type { AllocationAssessment } from '#libs/domain/participation/allocation-assessment.js';
import type { HistoryItem as ApiHistoryItem } from '../../../api/src/cases/case-reads.js';
import type { CaseSummaryFields } from '../../../api/src/work-queue/work-queue.queries.js';
import type { components } from './schema';

export type { AllocationAssessment, CaseView };
export type {
  CaseEventRecord,
  DeadlineKind,
  ServiceType,
  TransferCaseEventType,
} from '#libs/domain/transfer-case/events.js';

/** `GET /cases/{caseId}`: the case's state with the work queue's summary fields (days waiting, deadline, liability). */
export type CaseRead = CaseView & Partial<CaseSummaryFields> & { revision: number; position: string };

/** One event of GET /cases/{caseId}/history; `data` is the event's JSON object. */
export type HistoryItem = Omit<ApiHistoryItem, 'data'> & { readonly data: Record<string, unknown> };

export type Schemas = components['schemas'];
export type CommandAnswer = Schemas['CommandAnswer'];

/** A work-queue item (api.md `CaseSummary`), as GET /cases answers it. */
export type { WorkQueueItem as CaseSummary } from '../../../api/src/work-queue/work-queue.queries.js';

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** One item of GET /liability: a municipality's month (generated from the OpenAPI schema). */
export type LiabilityMonth = Schemas['LiabilityItemAnswer'];
