/**
 * The one port every part of overgang uses to record and read facts.
 * Adapters: PostgreSQL (default), EventStoreDB/KurrentDB, in-memory (unit tests only).
 */

export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

/**
 * A place in the store's single total order. `commit` orders first, `prepare` breaks ties.
 * PostgreSQL: commit = the appending transaction's id (xid8), prepare = the global sequence.
 * EventStoreDB: its own commit/prepare positions. In-memory: both the sequence number.
 */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface Actor {
  readonly id: string;
  readonly role: string;
  readonly organisation: string;
}

/**
 * How a fact reached us: through the API, from a hospital's e-message (PLO, with its MsgId), or from the system
 * itself (the legal clock's timer). Events recorded before sources were kept carry none and read as `api`.
 */
export type EventSource =
  | { readonly channel: 'api' }
  | {
      readonly channel: 'plo';
      readonly msgId: string;
      /** When an officer resolved the parked message: who placed its facts on this case. */
      readonly resolvedBy?: Actor;
    }
  | { readonly channel: 'system' };

export const API_SOURCE: EventSource = { channel: 'api' };

export interface EventMetadata {
  /** When it happened in the world (ISO 8601), as given by the caller. */
  readonly occurredAt: string;
  readonly actor: Actor;
  /** Absent on events recorded before version 2: read it with `sourceOf`. */
  readonly source?: EventSource;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly schemaVersion: number;
  /**
   * The command that recorded the event, when its sender named it (HTTP: a hash of the caller and its Idempotency-Key):
   * the same command sent again, after a crash took its answer, finds its events instead of recording them twice.
   */
  readonly commandId?: string;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  readonly eventId: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  readonly streamName: string;
  /** 0 for a stream's first event. */
  readonly streamRevision: bigint;
  readonly position: Position;
  /** When the store recorded it (ISO 8601). */
  readonly recordedAt: string;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** The stream's revision after the append: the revision of its last event. */
  readonly nextRevision: bigint;
  /** The position of the last event appended. */
  readonly position: Position;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive. Defaults to the first event (forwards) or the last (backwards). */
  readonly fromRevision?: bigint;
  readonly direction?: Direction;
  readonly maxCount?: number;
}

/** `'start'` or a checkpoint: reading continues with the events after it. */
export type AllFrom = 'start' | Position;

export interface ReadAllOptions {
  readonly from?: AllFrom;
  readonly maxCount?: number;
}

export interface EventFilter {
  readonly eventTypes?: readonly string[];
  readonly streamNamePrefix?: string;
}

export interface SubscribeToAllOptions {
  /** `'start'`, `'end'` (only what is appended from now on), or a stored checkpoint (exclusive). */
  readonly from?: AllFrom | 'end';
  readonly filter?: EventFilter;
}

/** Catches up from its checkpoint, then follows new events live, in the store's total order. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  /** Ends the iteration and releases what the subscription holds. */
  close(): Promise<void>;
}

export interface EventStore {
  appendToStream(stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** An unknown stream reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  /** The position of the last event a subscriber can see now, or null when the store is empty. */
  headPosition(): Promise<Position | null>;
  close(): Promise<void>;
}

/** An event's source; old events without one came through the API. */
export const sourceOf = (metadata: EventMetadata): EventSource => metadata.source ?? API_SOURCE;
