import { type Batch, CatchUpSubscription, START } from '../catch-up-subscription.js';
import { DuplicateEventIdError, WrongExpectedVersionError } from '../errors.js';
import type {
  AppendOptions,
  AppendResult,
  EventFilter,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../event-store.port.js';
import { toJson } from '../json.js';
import { assertAppendable } from '../new-events.js';

/** Kept as JSON text, so every read hands out fresh objects and data behaves as it would in a real store. */
interface StoredEvent {
  readonly streamName: string;
  readonly streamRevision: bigint;
  readonly eventId: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly position: Position;
  readonly recordedAt: string;
}

const SUBSCRIPTION_SETTINGS = { batchSize: 1000, readAhead: 1, pollIntervalMs: 250 };

const expectationMet = (expected: ExpectedRevision, current: bigint | null): boolean =>
  expected === 'any' ||
  (expected === 'no_stream' && current === null) ||
  (expected === 'stream_exists' && current !== null) ||
  expected === current;

const matches = (event: StoredEvent, filter: EventFilter | undefined): boolean =>
  (!filter?.eventTypes || filter.eventTypes.includes(event.type)) &&
  (!filter?.streamNamePrefix || event.streamName.startsWith(filter.streamNamePrefix));

const toRecordedEvent = (event: StoredEvent): RecordedEvent => ({
  eventId: event.eventId,
  type: event.type,
  data: JSON.parse(event.data) as unknown,
  metadata: JSON.parse(event.metadata) as EventMetadata,
  streamName: event.streamName,
  streamRevision: event.streamRevision,
  position: event.position,
  recordedAt: event.recordedAt,
});

/** For unit tests: the port's semantics in one process. Positions are the global sequence number (from 1) twice. */
export class InMemoryEventStore implements EventStore {
  readonly #log: StoredEvent[] = [];
  readonly #streams = new Map<string, StoredEvent[]>();
  readonly #byId = new Map<string, StoredEvent>();
  readonly #wakers = new Set<() => void>();
  readonly #subscriptions = new Set<Subscription>();

  async appendToStream(stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    assertAppendable(events);
    const { expectedRevision } = options;
    const retried = this.#earlierAppend(stream, events, expectedRevision);
    if (retried) return retried;
    const streamEvents = this.#streams.get(stream) ?? [];
    const current = streamEvents.length === 0 ? null : BigInt(streamEvents.length - 1);
    if (!expectationMet(expectedRevision, current)) {
      throw new WrongExpectedVersionError(stream, expectedRevision, current ?? 'no_stream');
    }
    const recordedAt = new Date().toISOString();
    for (const event of events) {
      const sequence = BigInt(this.#log.length + 1);
      const stored: StoredEvent = {
        streamName: stream,
        streamRevision: BigInt(streamEvents.length),
        eventId: event.eventId.toLowerCase(),
        type: event.type,
        data: toJson(event.data),
        metadata: toJson(event.metadata),
        position: { commit: sequence, prepare: sequence },
        recordedAt,
      };
      this.#log.push(stored);
      streamEvents.push(stored);
      this.#byId.set(stored.eventId, stored);
    }
    this.#streams.set(stream, streamEvents);
    for (const wake of this.#wakers) wake();
    const last = streamEvents.at(-1)!;
    return { nextRevision: last.streamRevision, position: last.position };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events = this.#streams.get(stream) ?? [];
    const maxCount = options.maxCount ?? Infinity;
    const selected =
      options.direction === 'backwards'
        ? events
            .filter((e) => options.fromRevision === undefined || e.streamRevision <= options.fromRevision)
            .reverse()
        : events.filter((e) => options.fromRevision === undefined || e.streamRevision >= options.fromRevision);
    return selected.slice(0, maxCount).map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const batch = this.#read(options.from === undefined || options.from === 'start' ? START : options.from, {
      limit: options.maxCount ?? Infinity,
    });
    return Array.from({ length: batch.count }, (_, i) => batch.event(i));
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const subscription: Subscription = new CatchUpSubscription(
      async (wake) => {
        this.#wakers.add(wake);
        return {
          end: async () => this.#log.at(-1)?.position ?? START,
          read: async (after, limit) => this.#read(after, { limit, filter: options.filter }),
          close: async () => {
            this.#wakers.delete(wake);
          },
        };
      },
      options.from,
      SUBSCRIPTION_SETTINGS,
      () => this.#subscriptions.delete(subscription),
    );
    this.#subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position | null> {
    return this.#log.at(-1)?.position ?? null;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#subscriptions].map((s) => s.close()));
  }

  /** The result of the earlier append these events were recorded by, if this is a retry of it. */
  #earlierAppend(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): AppendResult | null {
    const found = events.map((e) => this.#byId.get(e.eventId.toLowerCase()));
    const firstFound = found.findIndex((e) => e !== undefined);
    if (firstFound === -1) return null;
    const first = found[0];
    const base =
      expected === 'no_stream'
        ? 0n
        : typeof expected === 'bigint'
          ? expected + 1n
          : first?.streamName === stream
            ? first.streamRevision
            : null;
    const inPlace =
      base !== null && found.every((e, i) => e?.streamName === stream && e.streamRevision === base + BigInt(i));
    if (!inPlace) throw new DuplicateEventIdError(events[firstFound]!.eventId);
    const last = found.at(-1)!;
    return { nextRevision: last.streamRevision, position: last.position };
  }

  #read(after: Position, { limit, filter }: { limit: number; filter?: EventFilter }): Batch {
    const events: RecordedEvent[] = [];
    // Positions are dense: the event at index i has sequence i + 1, so the first event after `after` is at index after.
    let index = Math.min(Number(after.prepare), this.#log.length);
    let scannedTo = after;
    for (; index < this.#log.length && events.length < limit; index++) {
      const event = this.#log[index]!;
      if (matches(event, filter)) events.push(toRecordedEvent(event));
      scannedTo = event.position;
    }
    return { count: events.length, event: (i) => events[i]!, scannedTo, caughtUp: index === this.#log.length };
  }
}

export const createInMemoryEventStore = (): EventStore => new InMemoryEventStore();
