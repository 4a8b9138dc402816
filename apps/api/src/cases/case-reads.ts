import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import type { CaseOwnership } from '#libs/auth/case-scope.js';
import type { Principal } from '#libs/auth/principal.js';
import type { Clock } from '#libs/config/clock.js';
import type { AppConfig } from '#libs/config/config.js';
import { asRecordedWhereChanged, toCaseRecord, type CaseRecord } from '#libs/application/case-events.js';
import { CaseNotFoundError } from '#libs/application/case-command-errors.js';
import { CaseUnreadableError, type UnreadableAt } from '#libs/application/case-unreadable.js';
import { osloDateOf } from '#libs/domain/regulation/oslo-calendar.js';
import type { CaseView } from '#libs/domain/transfer-case/case-view.js';
import { caseStreamName, type AdmissionNotified, type MunicipalVisitConducted } from '#libs/domain/transfer-case/events.js';
import { isBackdated } from '#libs/domain/participation/backdated.js';
import { pseudonymizeNationalId } from '#libs/domain/participation/pseudonym.js';
import { textRedactor } from '#libs/domain/redaction/free-text.js';
import { redactEventText } from '#libs/domain/redaction/text-fields.js';
import { cancelledRevisions } from '#libs/domain/transfer-case/cancellation.js';
import { sourceOf, type Actor, type EventSource, type EventStore, type RecordedEvent } from '#libs/event-store/event-store.port.js';
import { formatPosition } from '#libs/event-store/position.js';
import { APP_CONFIG, CLOCK, EVENT_STORE } from '../infrastructure/tokens.js';
import { ReadModels } from '../read-models/read-models.js';
import { CASE_SUMMARY_PROJECTION } from '../work-queue/work-queue-reads.js';
import { SUMMARY_COLUMNS, summaryItem, type CaseSummaryFields, type CaseSummaryRow } from '../work-queue/work-queue.queries.js';
import { authorizeCase, ownerInStream } from './case-access.js';

export interface CaseRead {
  readonly view: CaseView;
  /** The work queue's fields of the case (CaseSummary), from the same read model row as the view. */
  readonly summary: CaseSummaryFields;
  readonly revision: number;
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

/** `GET /cases/{caseId}`: the case's CaseSummary with its current state, from the case summary read model. */
export class GetCase extends Query<CaseRead> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}

/** `GET /cases/{caseId}/history`: every event of the case as the store holds it. */
export class GetCaseHistory extends Query<HistoryItem[]> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}

interface CaseRow {
  readonly summary: CaseSummaryRow | null;
  readonly view: CaseView | null;
  /** The case's mark in `read_models.failing_cases`: the case summary projection cannot get past one of its events. */
  readonly failing: UnreadableAt | null;
}

/** The case's summary row, its view and the projection's mark of it, in one statement. */
const readCaseRow = async (db: pg.Pool, caseId: string): Promise<CaseRow> => {
  const { rows } = await db.query<Partial<CaseSummaryRow> & { view: CaseView | null } & FailingColumns>(
    {
      name: 'case_summary_of_one_case',
      text: `SELECT ${SUMMARY_COLUMNS}, v.view, f.position AS failing_position, f.event_type AS failing_event_type,
                    f.revision AS failing_revision, f.error AS failing_error
             FROM (SELECT $1::text AS case_id) k
             LEFT JOIN read_models.case_summaries s ON s.case_id = k.case_id
             LEFT JOIN read_models.case_views v ON v.case_id = k.case_id
             LEFT JOIN (read_models.failing_cases f JOIN read_models.projections p ON p.name = f.component AND p.live_generation = f.generation)
               ON f.case_id = k.case_id AND f.component = $2`,
    },
    [caseId, CASE_SUMMARY_PROJECTION],
  );
  const row = rows[0]!;
  return {
    summary: row.case_id ? (row as CaseSummaryRow) : null,
    view: row.view,
    failing:
      row.failing_error === null
        ? null
        : { position: row.failing_position, eventType: row.failing_event_type, revision: row.failing_revision, error: row.failing_error },
  };
};

const ownerOfRow = (row: CaseSummaryRow): CaseOwnership => ({ municipalityCode: row.municipality_code, hospitalOrgNumber: row.hospital_org_number });

interface FailingColumns {
  readonly failing_position: string | null;
  readonly failing_event_type: string | null;
  readonly failing_revision: number | null;
  readonly failing_error: string | null;
}

/**
 * Reads the case summary read model, after the store says how far the case has got: the answer shows the case at its
 * latest event (the ETag the caller sends back in If-Match), waiting (up to 2 s) for the projection to get there, so a
 * caller reads its own writes. A case the projection cannot handle is answered as unreadable, naming the event.
 */
@QueryHandler(GetCase)
export class GetCaseHandler implements IQueryHandler<GetCase, CaseRead> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModels,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, principal }: GetCase): Promise<CaseRead> {
    const read = () => this.readModels.read(CASE_SUMMARY_PROJECTION, undefined, (db) => readCaseRow(db, caseId));
    // Both at once (the row is usually current already), but a case with no events is not found, whatever the read model.
    const reading = read();
    reading.catch(() => undefined);
    const [head] = await this.store.readStream(caseStreamName(caseId), { direction: 'backwards', maxCount: 1 });
    if (!head) throw new CaseNotFoundError(caseId);
    const first = await reading;
    // Scope first, so that a case outside it answers 404 however far the projection has got.
    authorizeCase(principal, caseId, first.summary ? ownerOfRow(first.summary) : await this.ownerInStore(caseId));
    let row = first;
    if (row.summary === null || row.summary.revision < Number(head.streamRevision)) {
      await this.readModels.reach(CASE_SUMMARY_PROJECTION, head.position);
      row = await read();
    }
    const { summary, view, failing } = row;
    if (failing) throw new CaseUnreadableError(caseId, failing);
    if (!summary || !view) throw new CaseNotFoundError(caseId);
    const today = osloDateOf(this.clock.now().toISOString());
    const { daysWaiting, nextDeadline, participation, liability } = summaryItem(summary, today, this.config.regulation, false);
    return { view, summary: { daysWaiting, nextDeadline, participation, liability }, revision: summary.revision, position: summary.last_position! };
  }

  /** Whose case it is when the read model has no row of it (it cannot get past the admission): from the stored admission. */
  private async ownerInStore(caseId: string) {
    return ownerInStream(await this.store.readStream(caseStreamName(caseId), { maxCount: 1 }));
  }
}

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

@QueryHandler(GetCaseHistory)
export class GetCaseHistoryHandler implements IQueryHandler<GetCaseHistory, HistoryItem[]> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ caseId, principal }: GetCaseHistory): Promise<HistoryItem[]> {
    // Scope from the admission as recorded, read defensively: the history answers even when other events cannot be read.
    const events = await this.store.readStream(caseStreamName(caseId));
    authorizeCase(principal, caseId, ownerInStream(events));
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
