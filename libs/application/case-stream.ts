import type { CaseOwnership } from '#libs/auth/case-scope.js';
import type { EventStore, Position, RecordedEvent } from '#libs/event-store/event-store.port.js';
import type { TransferCaseEvent } from '#libs/domain/transfer-case/events.js';
import { caseStreamName } from '#libs/domain/transfer-case/events.js';
import { evolve, initialState, type TransferCaseState } from '#libs/domain/transfer-case/state.js';
import { readCase } from './case-unreadable.js';

export interface LoadedCase {
  readonly state: TransferCaseState;
  /** The revision of the stream's last event; null when the stream does not exist. */
  readonly revision: bigint | null;
  readonly position: Position | null;
  readonly events: readonly RecordedEvent[];
}

export const asCaseEvent = (event: RecordedEvent): TransferCaseEvent => ({ type: event.type, data: event.data }) as TransferCaseEvent;

export const foldCase = (events: readonly RecordedEvent[]): TransferCaseState =>
  events.reduce((state, event) => evolve(state, asCaseEvent(event)), initialState);

/** The case as its events make it; `CaseUnreadableError` when this code cannot fold one of them. */
export const loadCase = async (store: EventStore, caseId: string): Promise<LoadedCase> => {
  const events = await store.readStream(caseStreamName(caseId));
  const last = events.at(-1);
  return {
    state: readCase(caseId, events, foldCase),
    revision: last?.streamRevision ?? null,
    position: last?.position ?? null,
    events,
  };
};

/**
 * Whose case it is, from its admission as recorded, read defensively: a query decides who may see a case even when
 * the rest of its events cannot be read. Null when the stream has no readable admission.
 */
export const caseOwnership = (events: readonly RecordedEvent[]): CaseOwnership | null => {
  const admission = events.find((event) => event.type === 'AdmissionNotified');
  const data = admission?.data as { municipalityCode?: unknown; hospital?: { orgNumber?: unknown } | null } | null | undefined;
  const municipalityCode = data?.municipalityCode;
  const hospitalOrgNumber = data?.hospital?.orgNumber;
  return typeof municipalityCode === 'string' && typeof hospitalOrgNumber === 'string' ? { municipalityCode, hospitalOrgNumber } : null;
};
