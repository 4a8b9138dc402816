import { FACT_TIME_FIELDS, ownFactTime, type FactTimedEventType } from './event-times.js';
import { TRANSFER_CASE_EVENT_TYPES, type Instant, type TransferCaseEventType } from './events.js';
import { parseInstant } from './time.js';

/**
 * Events change shape or meaning through upcasters, never by rewriting history (after Emmett's
 * `eventStore/versioning/upcasting.ts`). Every stored event carries the `schemaVersion` of its type it was written
 * with; it is read through the upcasters of its type from that version to the current one, wherever a stored event
 * becomes a domain record (`libs/application/case-events.ts`): the command path, the projections, the case queries
 * and the deadline timer. The store keeps what was recorded; the history query shows both.
 */

/** The parts of a stored event a schema version covers. */
export interface VersionedEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly occurredAt: Instant;
  readonly data: unknown;
}

export interface Upcaster {
  readonly type: TransferCaseEventType;
  /** The version it reads; it gives `fromVersion + 1`. */
  readonly fromVersion: number;
  /** What the new version changed, for people. */
  readonly change: string;
  readonly upcast: (event: VersionedEvent) => Pick<VersionedEvent, 'occurredAt' | 'data'>;
}

/**
 * Spec version 2: an event with its own time field happened at that instant, so that is its `occurredAt`. Version 1
 * recorded the command's `occurredAt`, which defaulted to the moment it was typed in, beside a `transferredAt`,
 * `respondedAt`, ... given for the past: the field wins. The stored `occurredAt` is kept when it is the same instant
 * (however written), and when the field cannot be read (the record is then a fault the reader reports, not guessed at).
 */
const occurredAtIsTheFactTime = (event: VersionedEvent): Pick<VersionedEvent, 'occurredAt' | 'data'> => {
  const fact = ownFactTime(event);
  const factMillis = fact === undefined ? null : parseInstant(fact);
  if (fact === undefined || factMillis === null || factMillis === parseInstant(event.occurredAt)) return event;
  return { occurredAt: fact, data: event.data };
};

/** A version that only added optional fields: a version-1 event reads as it is. */
const unchanged = (event: VersionedEvent): Pick<VersionedEvent, 'occurredAt' | 'data'> => event;

const ALSO_ADDED: Partial<Record<FactTimedEventType, string>> = {
  OptionsPresented: '; options may carry available (absent: available)',
  AllocationDecided: '; optional appealInformationGiven (absent: not stated)',
};

/** Every upcaster, by type and the version it reads. */
export const UPCASTERS: readonly Upcaster[] = [
  ...(Object.entries(FACT_TIME_FIELDS) as [FactTimedEventType, string][]).map(
    ([type, field]): Upcaster => ({
      type,
      fromVersion: 1,
      change: `occurredAt is ${field}, when the fact happened${ALSO_ADDED[type] ?? ''}`,
      upcast: occurredAtIsTheFactTime,
    }),
  ),
  {
    type: 'AdmissionNotified',
    fromVersion: 1,
    change: 'optional needIdentifiedAt (absent: the need was known at admission)',
    upcast: unchanged,
  },
];

const key = (type: string, version: number): string => `${type}@${version}`;
const byVersion = new Map(UPCASTERS.map((upcaster) => [key(upcaster.type, upcaster.fromVersion), upcaster]));

/** The schema version each event type is written with now: 1, plus one for each of its upcasters. */
export const SCHEMA_VERSIONS: Readonly<Record<TransferCaseEventType, number>> = Object.fromEntries(
  TRANSFER_CASE_EVENT_TYPES.map((type) => {
    const versions = UPCASTERS.filter((upcaster) => upcaster.type === type).map((upcaster) => upcaster.fromVersion);
    versions.sort((a, b) => a - b);
    if (versions.some((version, i) => version !== i + 1)) {
      throw new Error(`The upcasters of ${type} must read versions 1, 2, ... without a gap; they read ${versions.join(', ')}`);
    }
    return [type, versions.length + 1];
  }),
) as Record<TransferCaseEventType, number>;

/**
 * A stored event as the current version of its type: every upcaster from its version on, in order. An unknown type,
 * or a version this code has no upcaster for (the current one, or one written by a newer release), reads as it is.
 */
export const upcast = (event: VersionedEvent): VersionedEvent => {
  let current = event;
  for (let upcaster = byVersion.get(key(current.type, current.schemaVersion)); upcaster; ) {
    const { occurredAt, data } = upcaster.upcast(current);
    current = { type: current.type, schemaVersion: current.schemaVersion + 1, occurredAt, data };
    upcaster = byVersion.get(key(current.type, current.schemaVersion));
  }
  return current;
};
