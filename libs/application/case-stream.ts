import type { EventStore, Position, RecordedEvent } from '#libs/event-store/event-store.port.js';
import type { TransferCaseEvent } from '#libs/domain/transfer-case/events.js';
import { caseStreamName } from '#libs/domain/transfer-case/events.js';
import { evolve, initialState, type TransferCaseState } from '#libs/domain/transfer-case/state.js';

/** Where the events a named command recorded end (`EventMetadata.commandId`). */
export interface RecordedCommand {
  readonly revision: bigint;
  readonly position: Position;
}

export interface LoadedCase {
  readonly state: TransferCaseState;
  /** The named commands whose events the case holds. */
  readonly commands: ReadonlyMap<string, RecordedCommand>;
  /** The revision of the stream's last event; null when the stream does not exist. */
  readonly revision: bigint | null;
  readonly position: Position | null;
  readonly events: readonly RecordedEvent[];
}

export const asCaseEvent = (event: RecordedEvent): TransferCaseEvent => ({ type: event.type, data: event.data }) as TransferCaseEvent;

export const foldCase = (events: readonly RecordedEvent[]): TransferCaseState =>
  events.reduce((state, event) => evolve(state, asCaseEvent(event)), initialState);

export const loadCase = async (store: EventStore, caseId: string): Promise<LoadedCase> => {
  const events = await store.readStream(caseStreamName(caseId));
  const last = events.at(-1);
  const commands = new Map<string, RecordedCommand>();
  for (const event of events) {
    if (event.metadata.commandId !== undefined) commands.set(event.metadata.commandId, { revision: event.streamRevision, position: event.position });
  }
  return {
    state: foldCase(events),
    commands,
    revision: last?.streamRevision ?? null,
    position: last?.position ?? null,
    events,
  };
};
