import type { EventStore, Position, RecordedEvent } from '#libs/event-store/event-store.port.js';
import type { TransferCaseEvent } from '#libs/domain/transfer-case/events.js';
import { countingEvents } from '#libs/domain/transfer-case/cancellation.js';
import { caseStreamName } from '#libs/domain/transfer-case/events.js';
import { evolve, initialState, type TransferCaseState } from '#libs/domain/transfer-case/state.js';

export interface LoadedCase {
  readonly state: TransferCaseState;
  /** The revision of the stream's last event; null when the stream does not exist. */
  readonly revision: bigint | null;
  readonly position: Position | null;
  readonly events: readonly RecordedEvent[];
}

export const asCaseEvent = (event: RecordedEvent): TransferCaseEvent => ({ type: event.type, data: event.data }) as TransferCaseEvent;

/** The case's state: its counting events folded (the events of cancelled hospital messages do not count). */
export const foldCase = (events: readonly RecordedEvent[]): TransferCaseState =>
  countingEvents(events, (event) => Number(event.streamRevision)).reduce(
    (state, event) => evolve(state, asCaseEvent(event)),
    initialState,
  );

export const loadCase = async (store: EventStore, caseId: string): Promise<LoadedCase> => {
  const events = await store.readStream(caseStreamName(caseId));
  const last = events.at(-1);
  return {
    state: foldCase(events),
    revision: last?.streamRevision ?? null,
    position: last?.position ?? null,
    events,
  };
};
