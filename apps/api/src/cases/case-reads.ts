import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { isInScope } from '#libs/auth/case-scope.js';
import type { Principal } from '#libs/auth/principal.js';
import type { Clock } from '#libs/config/clock.js';
import type { AppConfig } from '#libs/config/config.js';
import { asRecordedWhereChanged, caseOwnership, toCaseRecord, type CaseRecord } from '#libs/application/case-events.js';
import { foldCase } from '#libs/domain/transfer-case/state.js';
import { CaseNotFoundError } from '#libs/application/case-command-errors.js';
import { CaseUnreadableError, readCase } from '#libs/application/case-unreadable.js';
import type { RegulationConfig } from '#libs/domain/regulation/regulation-config.js';
import { CaseView } from '#libs/domain/transfer-case/case-view.js';
import { caseStreamName, type AdmissionNotified, type MunicipalVisitConducted } from '#libs/domain/transfer-case/events.js';
import { isBackdated } from '#libs/domain/participation/backdated.js';
import { pseudonymizeNationalId } from '#libs/domain/participation/pseudonym.js';
import { textRedactor } from '#libs/domain/redaction/free-text.js';
import { redactEventText } from '#libs/domain/redaction/text-fields.js';
import { cancelledRevisions } from '#libs/domain/transfer-case/cancellation.js';
import { sourceOf, type Actor, type EventSource, type EventStore, type RecordedEvent } from '#libs/event-store/event-store.port.js';
import { formatPosition } from '#libs/event-store/position.js';
import { caseSummaryFields, type CaseSummaryFields } from '../work-queue/case-summary-fields.js';
import { APP_CONFIG, CLOCK, EVENT_STORE } from '../infrastructure/tokens.js';
import { CaseReadFailures } from '../failing-cases/case-read-failures.js';

export interface CaseRead {
  readonly view: CaseView;
  /** The work queue's fields of the case (CaseSummary), from the same events as the view. */
  readonly summary: CaseSummaryFields;
  readonly revision: bigint;
  readonly position: string;
}

/**
 * One event of a case's history as the domain reads it now (upcast to the current version of its type), with what
 * the store holds wherever that differs: e.g. a transfer recorded under schema version 1 with `occurredAt` the moment
 * it was typed in shows `occurredAt` = its `transferredAt`, and the stored value in `asRecorded.occurredAt`.
 */
export interface HistoryItem {
  readonly type: string;
  readonly revision: number;
  readonly position: string;
  /** When it happened in the world, as the legal clock and the audit read it. */
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly backdated: boolean;
  readonly actor: Actor;
  /** How the fact reached us (`api` for events recorded before sources were kept). */
  readonly source: EventSource;
  /** The hospital cancelled the message that recorded it: it no longer counts. */
  readonly cancelled: boolean;
  readonly data: unknown;
  /** The schema version it was recorded with. */
  readonly schemaVersion: number;
  /** The stored values an upcast changed (only those), or null when the record reads as it was stored. */
  readonly asRecorded: { readonly occurredAt?: string; readonly data?: unknown } | null;
}

export class GetCase extends Query<CaseRead> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}

export class GetCaseHistory extends Query<HistoryItem[]> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}

/** The case's events, if the caller may see the case (scope from its admission as recorded); else not found. */
const visibleEvents = async (store: EventStore, caseId: string, principal: Principal): Promise<RecordedEvent[]> => {
  const events = await store.readStream(caseStreamName(caseId));
  const owner = caseOwnership(events);
  if (!owner || !isInScope(principal, owner)) throw new CaseNotFoundError(caseId);
  return events;
};

/**
 * What `GET /cases/{caseId}` answers, computed from the case's events as of `now`; `CaseUnreadableError` when this code
 * cannot read one of them.
 */
export const readCaseAnswer = (
  caseId: string,
  events: readonly RecordedEvent[],
  regulation: RegulationConfig,
  now: Date,
): Pick<CaseRead, 'view' | 'summary'> =>
  readCase(caseId, events, (prefix) => {
    const records = prefix.map(toCaseRecord);
    return { view: CaseView(foldCase(records))!, summary: caseSummaryFields(records, regulation, now) };
  });

const readableRecord = (event: RecordedEvent): CaseRecord | null => {
  try {
    return toCaseRecord(event);
  } catch {
    return null;
  }
};

/**
 * Auditors never see a name or national ID: the patient becomes a pseudonym, dialogue participants lose their names,
 * and free text has every national ID and the patient's own names replaced (`textRedactor`).
 */
const forAuditor = (event: Pick<RecordedEvent, 'type' | 'data'>, secret: string, redact: (text: string) => string): unknown => {
  const data = redactEventText(event.type, event.data, redact);
  if (event.type === 'AdmissionNotified') {
    const { patient: _patient, ...rest } = data as AdmissionNotified;
    return { ...rest, patientPseudonym: pseudonymizeNationalId(secret, (event.data as AdmissionNotified).patient.nationalId) };
  }
  if (event.type === 'MunicipalVisitConducted') {
    const visit = data as MunicipalVisitConducted;
    return { ...visit, participants: visit.participants.map(({ name: _name, ...participant }) => participant) };
  }
  return data;
};

/** The patient's names as the admission recorded them, read defensively (an unreadable admission gives none). */
const patientNamesIn = (events: readonly RecordedEvent[]): string[] =>
  events.flatMap((event) => {
    const name = event.type === 'AdmissionNotified' ? (event.data as Partial<AdmissionNotified> | null)?.patient?.name : undefined;
    return typeof name === 'string' ? [name] : [];
  });

@QueryHandler(GetCase)
export class GetCaseHandler implements IQueryHandler<GetCase, CaseRead> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly failures: CaseReadFailures,
  ) {}

  async execute({ caseId, principal }: GetCase): Promise<CaseRead> {
    const events = await visibleEvents(this.store, caseId, principal);
    const last = events.at(-1)!;
    let answer: Pick<CaseRead, 'view' | 'summary'>;
    try {
      answer = readCaseAnswer(caseId, events, this.config.regulation, this.clock.now());
    } catch (error) {
      if (error instanceof CaseUnreadableError) await this.failures.failed(error);
      throw error;
    }
    await this.failures.succeeded(caseId);
    return { ...answer, revision: last.streamRevision, position: formatPosition(last.position) };
  }
}

@QueryHandler(GetCaseHistory)
export class GetCaseHistoryHandler implements IQueryHandler<GetCaseHistory, HistoryItem[]> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ caseId, principal }: GetCaseHistory): Promise<HistoryItem[]> {
    const events = await visibleEvents(this.store, caseId, principal);
    const redact = principal.role === 'quality_auditor' ? textRedactor(patientNamesIn(events)) : null;
    const shown = (type: string, data: unknown): unknown =>
      redact ? auditorData({ type, data }, this.config.pseudonymSecret, redact) : data;
    const cancelled = cancelledRevisions(events);
    return events.map((event): HistoryItem => {
      const record = readableRecord(event);
      if (record === null) {
        // An event this code cannot read is still shown, as stored: the history shows every event the store has.
        const metadata: Partial<RecordedEvent['metadata']> = event.metadata ?? {};
        return {
          type: event.type,
          revision: Number(event.streamRevision),
          position: formatPosition(event.position),
          occurredAt: metadata.occurredAt!,
          recordedAt: event.recordedAt,
          backdated: typeof metadata.occurredAt === 'string' && isBackdated(metadata.occurredAt, event.recordedAt),
          actor: metadata.actor!,
          source: sourceOf(metadata as RecordedEvent['metadata']),
          cancelled: cancelled?.has(Number(event.streamRevision)) ?? false,
          data: shown(event.type, event.data),
          schemaVersion: metadata.schemaVersion ?? 1,
          asRecorded: null,
        };
      }
      const asRecorded = asRecordedWhereChanged(event, record);
      return {
        type: record.type,
        revision: record.revision,
        position: record.position,
        occurredAt: record.occurredAt,
        recordedAt: record.recordedAt,
        backdated: isBackdated(record.occurredAt, record.recordedAt),
        actor: event.metadata.actor,
        source: sourceOf(event.metadata),
        cancelled: cancelled?.has(record.revision) ?? false,
        data: shown(record.type, record.data),
        schemaVersion: event.metadata.schemaVersion ?? 1,
        asRecorded: asRecorded && {
          ...asRecorded,
          ...(asRecorded.data !== undefined && { data: shown(event.type, asRecorded.data) }),
        },
      };
    });
  }
}

/** An event an auditor may not see as recorded and that cannot be pseudonymised (its shape unreadable) shows no data. */
const auditorData = (event: Pick<RecordedEvent, 'type' | 'data'>, secret: string, redact: (text: string) => string): unknown => {
  try {
    return forAuditor(event, secret, redact);
  } catch {
    return null;
  }
};
