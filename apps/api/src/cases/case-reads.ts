import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { isInScope } from '#libs/auth/case-scope.js';
import type { Principal } from '#libs/auth/principal.js';
import type { AppConfig } from '#libs/config/config.js';
import { asRecordedWhereChanged, loadCase } from '#libs/application/case-events.js';
import { CaseNotFoundError } from '#libs/application/case-command-errors.js';
import { CaseView } from '#libs/domain/transfer-case/case-view.js';
import type { AdmissionNotified, MunicipalVisitConducted } from '#libs/domain/transfer-case/events.js';
import { isBackdated } from '#libs/domain/participation/backdated.js';
import { pseudonymizeNationalId } from '#libs/domain/participation/pseudonym.js';
import type { Actor, EventStore, RecordedEvent } from '#libs/event-store/event-store.port.js';
import { formatPosition } from '#libs/event-store/position.js';
import { caseSummaryFields, type CaseSummaryFields } from '../work-queue/case-summary-fields.js';
import { APP_CONFIG, EVENT_STORE } from '../infrastructure/tokens.js';

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

const loadVisible = async (store: EventStore, caseId: string, principal: Principal) => {
  const loaded = await loadCase(store, caseId);
  const admission = loaded.state.admission;
  if (
    !admission ||
    loaded.revision === null ||
    !isInScope(principal, { municipalityCode: admission.municipalityCode, hospitalOrgNumber: admission.hospital.orgNumber })
  ) {
    throw new CaseNotFoundError(caseId);
  }
  return { ...loaded, revision: loaded.revision };
};

/** Auditors never see a name or national ID: the patient becomes a pseudonym, and dialogue participants lose their names. */
const forAuditor = (event: Pick<RecordedEvent, 'type' | 'data'>, secret: string): unknown => {
  if (event.type === 'AdmissionNotified') {
    const { patient, ...rest } = event.data as AdmissionNotified;
    return { ...rest, patientPseudonym: pseudonymizeNationalId(secret, patient.nationalId) };
  }
  if (event.type === 'MunicipalVisitConducted') {
    const data = event.data as MunicipalVisitConducted;
    return { ...data, participants: data.participants.map(({ name: _name, ...participant }) => participant) };
  }
  return event.data;
};

@QueryHandler(GetCase)
export class GetCaseHandler implements IQueryHandler<GetCase, CaseRead> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ caseId, principal }: GetCase): Promise<CaseRead> {
    const loaded = await loadVisible(this.store, caseId, principal);
    return {
      view: CaseView(loaded.state)!,
      summary: caseSummaryFields(loaded.records, this.config.regulation, new Date()),
      revision: loaded.revision,
      position: formatPosition(loaded.position!),
    };
  }
}

@QueryHandler(GetCaseHistory)
export class GetCaseHistoryHandler implements IQueryHandler<GetCaseHistory, HistoryItem[]> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ caseId, principal }: GetCaseHistory): Promise<HistoryItem[]> {
    const loaded = await loadVisible(this.store, caseId, principal);
    const shown = (type: string, data: unknown): unknown =>
      principal.role === 'quality_auditor' ? forAuditor({ type, data }, this.config.pseudonymSecret) : data;
    return loaded.events.map((event, i) => {
      const record = loaded.records[i]!;
      const asRecorded = asRecordedWhereChanged(event, record);
      return {
        type: record.type,
        revision: record.revision,
        position: record.position,
        occurredAt: record.occurredAt,
        recordedAt: record.recordedAt,
        backdated: isBackdated(record.occurredAt, record.recordedAt),
        actor: event.metadata.actor,
        data: shown(record.type, record.data),
        schemaVersion: event.metadata.schemaVersion,
        asRecorded: asRecorded && {
          ...asRecorded,
          ...(asRecorded.data !== undefined && { data: shown(event.type, asRecorded.data) }),
        },
      };
    });
  }
}
