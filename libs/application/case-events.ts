import type { EventStore, Position, RecordedEvent } from '#libs/event-store/event-store.port.js';
import { formatPosition } from '#libs/event-store/position.js';
import { caseStreamName, type CaseEventRecord } from '#libs/domain/transfer-case/events.js';
import { foldCase, type TransferCaseState } from '#libs/domain/transfer-case/state.js';
import { upcast, type VersionedEvent } from '#libs/domain/transfer-case/upcasters.js';
import { readCase } from './case-unreadable.js';

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
  // Read defensively: the log may hold anything (domain.md, "A recorded event never stops the system").
  const metadata: Partial<RecordedEvent['metadata']> = event.metadata ?? {};
  const current = upcastOrAsStored({
    type: event.type,
    schemaVersion: metadata.schemaVersion ?? FIRST_VERSION,
    occurredAt: metadata.occurredAt!,
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

/**
 * An event no upcaster can read (its fields are not what its version says) is handed on as stored: the reader that
 * cannot handle it then isolates that case, instead of this mapping stopping a whole batch of cases.
 */
const upcastOrAsStored = (event: VersionedEvent): VersionedEvent => {
  try {
    return upcast(event);
  } catch {
    return event;
  }
};

/** What an upcast changed in a stored event: the values as recorded, where the domain reads others; null if none. */
export const asRecordedWhereChanged = (
  event: RecordedEvent,
  record: CaseEventRecord,
): { readonly occurredAt?: string; readonly data?: unknown } | null => {
  const occurredAtChanged = record.occurredAt !== event.metadata?.occurredAt;
  const dataChanged = record.data !== event.data;
  if (!occurredAtChanged && !dataChanged) return null;
  return { ...(occurredAtChanged && { occurredAt: event.metadata.occurredAt }), ...(dataChanged && { data: event.data }) };
};

/** Where the events a named command recorded end (`EventMetadata.commandId`). */
export interface RecordedCommand {
  readonly revision: bigint;
  readonly position: Position;
}

export interface LoadedCase {
  readonly state: TransferCaseState;
  /** The revision of the stream's last event; null when the stream does not exist. */
  readonly revision: bigint | null;
  readonly position: Position | null;
  /** As stored. */
  readonly events: readonly RecordedEvent[];
  /** As the domain reads them, one per stored event. */
  readonly records: readonly CaseRecord[];
  /** The named commands whose events the case holds. */
  readonly commands: ReadonlyMap<string, RecordedCommand>;
}

/** The case as its events make it; `CaseUnreadableError` when this code cannot upcast or fold one of them. */
export const loadCase = async (store: EventStore, caseId: string): Promise<LoadedCase> => {
  const events = await store.readStream(caseStreamName(caseId));
  const { records, state } = readCase(caseId, events, (prefix) => {
    const read = prefix.map(toCaseRecord);
    return { records: read, state: foldCase(read) };
  });
  const commands = new Map<string, RecordedCommand>();
  for (const event of events) {
    const commandId = event.metadata?.commandId;
    if (commandId !== undefined) commands.set(commandId, { revision: event.streamRevision, position: event.position });
  }
  const last = events.at(-1);
  return {
    state,
    revision: last?.streamRevision ?? null,
    position: last?.position ?? null,
    events,
    records,
    commands,
  };
};
