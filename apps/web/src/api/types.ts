/**
 * Answer shapes the OpenAPI document does not describe (the case reads declare no response schema):
 * the same TypeScript types the API builds them from, imported type-only, never retyped here.
 */
import type { CaseView } from '#libs/domain/transfer-case/case-view.js';
import type { AllocationAssessment } from '#libs/domain/participation/allocation-assessment.js';
import type { Actor } from '#libs/event-store/event-store.port.js';
import type { components } from './schema';

export type { AllocationAssessment, CaseView };
export type {
  CaseEventRecord,
  DeadlineKind,
  ServiceType,
  TransferCaseEventType,
} from '#libs/domain/transfer-case/events.js';

export type CaseRead = CaseView & { revision: number; position: string };

export interface HistoryItem {
  readonly type: string;
  readonly revision: number;
  readonly position: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly backdated: boolean;
  readonly actor: Actor;
  readonly data: Record<string, unknown>;
}

export type Schemas = components['schemas'];
export type CommandAnswer = Schemas['CommandAnswer'];

/** A work-queue item (api.md `CaseSummary`), as GET /cases answers it. */
export type { WorkQueueItem as CaseSummary } from '../../../api/src/work-queue/work-queue.queries.js';

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface LiabilityMonth {
  municipalityCode: string;
  month: string;
  owedDays: number;
  owedAmount: number;
  disputedDays: number;
  disputedAmount: number;
  rateMissingDays: number;
  cases: { caseId: string; status: string; days: number; amount: number }[];
}
