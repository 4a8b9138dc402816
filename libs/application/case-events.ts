import type { EventStore, Position, RecordedEvent } from '#libs/event-store/event-store.port.js';
import { formatPosition } from '#libs/event-store/position.js';
import { caseStreamName, type CaseEventRecord } from '#libs/domain/transfer-case/events.js';
import { evolve, initialState, type TransferCaseState } from '#libs/domain/transfer-case/state.js';
import { upcast } from '#libs/domain/transfer-case/upcasters.js';

/**
 * Where a stored event becomes a domain record, the one way: upcast to the current version of its type
 * (`#libs/domain/transfer-case/upcasters.ts`), then its envelope's facts taken along. The command path, the
 * projections, the case queries and the deadline timer all read case events through here.
 */

/** A case event as the domain reads it, with its global position (text `<commit>-<prepare>`). */
export type CaseRecord = CaseEventRecord & { readonly position: string };

/** Events written before the store carried a schema version were version 1. */
const FIRST_VERSION = 1;

export const toCaseRecord = (event: RecordedEvent): CaseRecord => {
  const current = upcast({
    type: event.type,
    schemaVersion: event.metadata.schemaVersion ?? FIRST_VERSION,
    occurredAt: event.metadata.occurredAt,
    data: event.data,
  });
  return {
    type: event.type,
    data: current.data,
    occurredAt: current.occurredAt,
    recordedAt: event.recordedAt,
    revision: Number(event.streamRevision),
    position: formatPosition(event.position),
  } as CaseRecord;
};

/** What an upcast changed in a stored event: the values as recorded, where the domain reads others; null if none. */
export const asRecordedWhereChanged = (
  event: RecordedEvent,
  record: CaseEventRecord,
): { readonly occurredAt?: string; readonly data?: unknown } | null => {
  const occurredAtChanged = record.occurredAt !== event.metadata.occurredAt;
  const dataChanged = record.data !== event.data;
  if (!occurredAtChanged && !dataChanged) return null;
  return { ...(occurredAtChanged && { occurredAt: event.metadata.occurredAt }), ...(dataChanged && { data: event.data }) };
};

export interface LoadedCase {
  readonly state: TransferCaseState;
  /** The revision of the stream's last event; null when the stream does not exist. */
  readonly revision: bigint | null;
  readonly position: Position | null;
  /** As stored. */
  readonly events: readonly RecordedEvent[];
  /** As the domain reads them, one per stored event. */
  readonly records: readonly CaseRecord[];
}

export const loadCase = async (store: EventStore, caseId: string): Promise<LoadedCase> => {
  const events = await store.readStream(caseStreamName(caseId));
  const records = events.map(toCaseRecord);
  const last = events.at(-1);
  return {
    state: records.reduce<TransferCaseState>(evolve, initialState),
    revision: last?.streamRevision ?? null,
    position: last?.position ?? null,
    events,
    records,
  };
};
