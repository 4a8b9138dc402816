// The only module that knows @eventstore/db-client: swapping it for @kurrent/kurrentdb-client stays in this folder.
import {
  ANY,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  BACKWARDS,
  END,
  EventStoreDBClient,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type Filter,
  FORWARDS,
  type JSONType,
  NO_STREAM,
  type ResolvedEvent,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  type StreamingRead,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
} from '@eventstore/db-client';
import { WrongExpectedVersionError } from '../errors.js';
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
import { comparePositions } from '../position.js';

type EsdbRecordedEvent = NonNullable<ResolvedEvent['event']>;

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

const toExpectedRevision = (expected: ExpectedRevision): AppendExpectedRevision => {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return expected;
  }
};

/** Through JSON text, so bigints are stored as strings, as the other adapters store them. */
const asJson = (value: unknown): JSONType => JSON.parse(toJson(value)) as JSONType;

/** EventStoreDB's own events ($metadata, $statsCollected, links, ...) and streams ($$..., $stats-...). */
const isSystemEvent = (event: EsdbRecordedEvent): boolean =>
  event.type.startsWith('$') || event.streamId.startsWith('$');

const matches = (event: RecordedEvent, filter: EventFilter | undefined): boolean =>
  (!filter?.eventTypes || filter.eventTypes.includes(event.type)) &&
  (!filter?.streamNamePrefix || event.streamName.startsWith(filter.streamNamePrefix));

const samePosition = (a: Position, b: Position): boolean => comparePositions(a, b) === 0;

/** Null for system events and for what is not an event (a link whose target is gone). */
const toRecordedEvent = (event: EsdbRecordedEvent | undefined): RecordedEvent | null => {
  if (!event || isSystemEvent(event)) return null;
  if (!event.position) throw new Error('EventStoreDB did not report event positions: it needs to be 22.6 or later');
  return {
    eventId: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata as unknown as EventMetadata,
    streamName: event.streamId,
    streamRevision: event.revision,
    position: { commit: event.position.commit, prepare: event.position.prepare },
    recordedAt: event.created.toISOString(),
  };
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * EventStoreDB filters on one thing, stream name or event type: the stream prefix goes to the server when given
 * (it narrows most), and everything is checked again here.
 */
const serverFilter = (filter: EventFilter | undefined): Filter => {
  if (filter?.streamNamePrefix) return streamNameFilter({ prefixes: [filter.streamNamePrefix] });
  if (filter?.eventTypes) {
    return eventTypeFilter({ regex: `^(?:${filter.eventTypes.map(escapeRegExp).join('|')})$` });
  }
  return excludeSystemEvents();
};

/** Visits what a read returns until `visit` says stop, then cancels the rest of the read. */
const drain = async <T>(read: StreamingRead<T>, visit: (item: T) => boolean): Promise<void> => {
  try {
    for await (const item of read) if (!visit(item)) break;
  } finally {
    await read.cancel();
  }
};

class EventStoreDbSubscription implements Subscription, AsyncIterator<RecordedEvent, undefined> {
  readonly #inner: AllStreamSubscription;
  readonly #resolved: AsyncIterator<AllStreamResolvedEvent>;
  readonly #from: Position | null;
  readonly #filter: EventFilter | undefined;
  readonly #onClose: () => void;
  readonly #closedSignal: Promise<IteratorReturnResult<undefined>>;
  #signalClosed: () => void = () => {};
  readonly #failure: Promise<never>;
  #closing: Promise<void> | null = null;

  constructor(
    inner: AllStreamSubscription,
    from: Position | null,
    filter: EventFilter | undefined,
    onClose: () => void,
  ) {
    this.#inner = inner;
    this.#onClose = onClose;
    this.#resolved = inner[Symbol.asyncIterator]();
    this.#from = from;
    this.#filter = filter;
    this.#closedSignal = new Promise((resolve) => {
      this.#signalClosed = () => resolve(DONE);
    });
    // The client emits errors on the stream itself, possibly before anyone iterates: unheard, they would crash the
    // process; emitted outside the stream's iterator, they would never reach it.
    this.#failure = new Promise((_, reject) => inner.once('error', reject));
    this.#failure.catch(() => {});
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<RecordedEvent, undefined>> {
    try {
      while (!this.#closing) {
        // Raced with close(): a cancelled gRPC call does not always end the stream the client hands out.
        const result = await Promise.race([this.#resolved.next(), this.#closedSignal, this.#failure]);
        if (result.done) break;
        const event = toRecordedEvent(result.value.event);
        // The checkpoint is exclusive; skipping it here guards against a server that starts at it.
        if (event && matches(event, this.#filter) && !(this.#from && samePosition(event.position, this.#from))) {
          return { done: false, value: event };
        }
      }
    } catch (error) {
      // Closed by the consumer meanwhile: a cancelled call's error ends the iteration, as close() promises.
      if (this.#closing) return DONE;
      await this.close();
      throw error;
    }
    await this.close();
    return DONE;
  }

  async return(): Promise<IteratorResult<RecordedEvent, undefined>> {
    await this.close();
    return DONE;
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#signalClosed();
      await this.#inner.unsubscribe().catch(() => {});
      this.#inner.destroy();
      this.#onClose();
    })();
    return this.#closing;
  }
}

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false`. */
  readonly connectionString: string;
}

export class EventStoreDbEventStore implements EventStore {
  readonly #client: EventStoreDBClient;
  readonly #subscriptions = new Set<Subscription>();

  constructor(client: EventStoreDBClient) {
    this.#client = client;
  }

  async appendToStream(stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    assertAppendable(events);
    try {
      const result = await this.#client.appendToStream(
        stream,
        events.map((e) =>
          jsonEvent({ id: e.eventId, type: e.type, data: asJson(e.data), metadata: asJson(e.metadata) }),
        ),
        { expectedRevision: toExpectedRevision(options.expectedRevision) },
      );
      if (!result.position) throw new Error('EventStoreDB did not report the append position');
      return {
        nextRevision: result.nextExpectedRevision,
        position: { commit: result.position.commit, prepare: result.position.prepare },
      };
    } catch (error) {
      if (error instanceof EsdbWrongExpectedVersionError) {
        throw new WrongExpectedVersionError(stream, options.expectedRevision, error.actualVersion);
      }
      throw error;
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount === 0) return [];
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      await drain(
        this.#client.readStream(stream, {
          direction: backwards ? BACKWARDS : FORWARDS,
          fromRevision: options.fromRevision ?? (backwards ? END : START),
          ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
        }),
        (resolved) => {
          const event = toRecordedEvent(resolved.event);
          if (event) events.push(event);
          return true;
        },
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? Infinity;
    const from = options.from === undefined || options.from === 'start' ? null : options.from;
    const events: RecordedEvent[] = [];
    if (maxCount <= 0) return events;
    // The server reads from `from` inclusively, and counts the system events that are dropped here.
    await drain(this.#client.readAll({ fromPosition: from ?? START, direction: FORWARDS }), (resolved) => {
      const event = toRecordedEvent(resolved.event);
      if (event && !(from && samePosition(event.position, from))) events.push(event);
      return events.length < maxCount;
    });
    return events;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const from = options.from === undefined || options.from === 'start' || options.from === 'end' ? null : options.from;
    const inner = this.#client.subscribeToAll({
      fromPosition: options.from === 'end' ? END : (from ?? START),
      filter: serverFilter(options.filter),
    });
    const subscription: Subscription = new EventStoreDbSubscription(inner, from, options.filter, () =>
      this.#subscriptions.delete(subscription),
    );
    this.#subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position | null> {
    let head: Position | null = null;
    await drain(this.#client.readAll({ fromPosition: END, direction: BACKWARDS }), (resolved) => {
      head = toRecordedEvent(resolved.event)?.position ?? null;
      return head === null;
    });
    return head;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#subscriptions].map((s) => s.close()));
    await this.#client.dispose();
  }
}

export const createEventStoreDbEventStore = (options: EventStoreDbEventStoreOptions): EventStoreDbEventStore =>
  new EventStoreDbEventStore(EventStoreDBClient.connectionString(options.connectionString));
