import type {
  CaseEventRecord,
  Instant,
  LocalDate,
  TransferCaseEvent,
  TransferCaseEventMap,
  TransferCaseEventType,
} from './events.js';
import { parseInstant } from './time.js';

/**
 * Which time belongs to which event (domain.md, metadata; regulation.md, "Times"): the one place that says it.
 *
 * - An event with its own time field (below) happened at that instant, and its `occurredAt` is that instant: a command
 *   gives one or the other or both the same, events are recorded so, and events recorded before this rule are upcast so.
 * - `AdmissionNotified` and `DischargeReadinessDeclared` are the hospital's notices: their `occurredAt` is when the
 *   notice was given, which the § 8 and § 10 deadlines compare with `admittedAt` and `declaredAt`.
 * - Every other event happened at its `occurredAt`, as the caller gave it (default now).
 */

/** The events whose `occurredAt` is their own time field, and that field. */
export const FACT_TIME_FIELDS = {
  DischargeReadinessRevoked: 'revokedAt',
  MunicipalResponseGiven: 'respondedAt',
  MunicipalVisitConducted: 'occurredAt',
  OptionsPresented: 'presentedAt',
  UserDeclinedDialogue: 'occurredAt',
  AllocationDecided: 'decidedAt',
  DecisionAppealed: 'appealedAt',
  PatientTransferred: 'transferredAt',
  FollowUpRecorded: 'reviewedAt',
} as const satisfies { [K in TransferCaseEventType]?: keyof TransferCaseEventMap[K] };

export type FactTimedEventType = keyof typeof FACT_TIME_FIELDS;

export const hasOwnFactTime = (type: string): type is FactTimedEventType => Object.hasOwn(FACT_TIME_FIELDS, type);

/** The value of the event's own time field, when its type has one. */
export const ownFactTime = (event: { type: string; data: unknown }): Instant | undefined => {
  if (!hasOwnFactTime(event.type)) return undefined;
  const value = (event.data as Record<string, unknown> | null)?.[FACT_TIME_FIELDS[event.type]];
  return typeof value === 'string' ? value : undefined;
};

/** The own time fields a command may give beside its `occurredAt`; each belongs to one command only. */
const COMMAND_FACT_TIME_FIELDS = [...new Set<string>(Object.values(FACT_TIME_FIELDS))].filter((field) => field !== 'occurredAt');

/**
 * The own time field a command (or a command's request body) gives, if any: `revokedAt`, `respondedAt`, ...
 * A visit and a declined dialogue have none besides `occurredAt` itself.
 */
export const givenFactTime = (command: object): { field: string; value: string } | undefined => {
  for (const field of COMMAND_FACT_TIME_FIELDS) {
    const value = (command as Record<string, unknown>)[field];
    if (typeof value === 'string') return { field, value };
  }
  return undefined;
};

/** The `occurredAt` an event is recorded with: its own time field where it has one, else the command's. */
export const occurredAtOf = (event: TransferCaseEvent, commandOccurredAt: Instant): Instant =>
  ownFactTime(event) ?? commandOccurredAt;

/**
 * When the fact happened in the world: the instant the legal clock orders a case by and the participation audit
 * weighs evidence by. That is the event's `occurredAt` (its own time field, see above), except for a declaration of
 * discharge readiness: the patient was ready at `declaredAt`, whenever the hospital's notice of it went out.
 */
export const factTime = (record: CaseEventRecord): Instant =>
  record.type === 'DischargeReadinessDeclared' ? record.data.declaredAt : record.occurredAt;

const factMillis = (record: CaseEventRecord): number => parseInstant(factTime(record)) ?? Number.NaN;

/**
 * A case's events in the order they happened in the world (`factTime`), ties in the order they were recorded. Throws a
 * RangeError for an unreadable time: a stored event the clock cannot place is a fault of that case.
 */
export const inWorldOrder = <T extends CaseEventRecord>(records: readonly T[]): T[] => {
  const keyed = records.map((record) => ({ record, at: factMillis(record) }));
  const unreadable = keyed.find((entry) => Number.isNaN(entry.at));
  if (unreadable) {
    throw new RangeError(`${unreadable.record.type} at revision ${unreadable.record.revision} has no readable time: ${factTime(unreadable.record)}`);
  }
  return keyed.sort((a, b) => a.at - b.at || a.record.revision - b.record.revision).map((entry) => entry.record);
};

export type TimeField =
  /** Something that happened: not in the future, not before admission. */
  | { kind: 'happened'; field: string; value: Instant }
  /** Something planned: may lie ahead, not before admission. */
  | { kind: 'planned'; field: string; value: Instant }
  | { kind: 'date'; field: string; value: LocalDate };

const happened = (field: string, value: Instant | undefined): TimeField[] =>
  value === undefined ? [] : [{ kind: 'happened', field, value }];
const dates = (fields: Record<string, LocalDate | undefined>): TimeField[] =>
  Object.entries(fields).flatMap(([field, value]) => (value === undefined ? [] : [{ kind: 'date' as const, field, value }]));

/** Every time an event's data carries, named and kinded for the time rules. */
export const timeFieldsOf = (event: TransferCaseEvent): TimeField[] => {
  switch (event.type) {
    case 'AdmissionNotified':
      return [...happened('admittedAt', event.data.admittedAt), ...happened('needIdentifiedAt', event.data.needIdentifiedAt)];
    case 'DischargeReadinessDeclared':
      return happened('declaredAt', event.data.declaredAt);
    case 'MunicipalResponseGiven': {
      const { respondedAt, expectedReadyDate, plannedTransferDate } = event.data;
      return [...happened('respondedAt', respondedAt), ...dates({ expectedReadyDate, plannedTransferDate })];
    }
    case 'MunicipalVisitScheduled':
      return [{ kind: 'planned', field: 'scheduledFor', value: event.data.scheduledFor }];
    case 'AllocationDecided':
      return [...happened('decidedAt', event.data.decidedAt), ...dates({ startDate: event.data.startDate })];
    case 'DeadlineMissed':
      return happened('dueAt', event.data.dueAt);
    default: {
      const field = hasOwnFactTime(event.type) ? FACT_TIME_FIELDS[event.type] : undefined;
      return field === undefined ? [] : happened(field, ownFactTime(event));
    }
  }
};
