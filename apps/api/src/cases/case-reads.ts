import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { isInScope } from '#libs/auth/case-scope.js';
import type { Principal } from '#libs/auth/principal.js';
import type { AppConfig } from '#libs/config/config.js';
import { loadCase } from '#libs/application/case-stream.js';
import { CaseNotFoundError } from '#libs/application/case-command-errors.js';
import { CaseView } from '#libs/domain/transfer-case/case-view.js';
import type { AdmissionNotified, MunicipalVisitConducted } from '#libs/domain/transfer-case/events.js';
import { isBackdated } from '#libs/domain/participation/backdated.js';
import { pseudonymizeNationalId } from '#libs/domain/participation/pseudonym.js';
import { cancelledRevisions } from '#libs/domain/transfer-case/cancellation.js';
import { sourceOf, type Actor, type EventSource, type EventStore, type RecordedEvent } from '#libs/event-store/event-store.port.js';
import { formatPosition } from '#libs/event-store/position.js';
import { toHistoryEvent } from '#libs/projections/runtime/case-histories.js';
import { caseSummaryFields, type CaseSummaryFields } from '../work-queue/case-summary-fields.js';
import { APP_CONFIG, EVENT_STORE } from '../infrastructure/tokens.js';

export interface CaseRead {
  readonly view: CaseView;
  /** The work queue's fields of the case (CaseSummary), from the same events as the view. */
  readonly summary: CaseSummaryFields;
  readonly revision: bigint;
  readonly position: string;
}

export interface HistoryItem {
  readonly type: string;
  readonly revision: number;
  readonly position: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly backdated: boolean;
  readonly actor: Actor;
  /** How the fact reached us (`api` for events recorded before sources were kept). */
  readonly source: EventSource;
  /** The hospital cancelled the message that recorded it: it no longer counts. */
  readonly cancelled: boolean;
  readonly data: unknown;
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
const forAuditor = (event: RecordedEvent, secret: string): unknown => {
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
      summary: caseSummaryFields(loaded.events.map(toHistoryEvent), this.config.regulation, new Date()),
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
    const pseudonymize = principal.role === 'quality_auditor';
    const cancelled = cancelledRevisions(loaded.events);
    return loaded.events.map((event) => ({
      type: event.type,
      revision: Number(event.streamRevision),
      position: formatPosition(event.position),
      occurredAt: event.metadata.occurredAt,
      recordedAt: event.recordedAt,
      backdated: isBackdated(event.metadata.occurredAt, event.recordedAt),
      actor: event.metadata.actor,
      source: sourceOf(event.metadata),
      cancelled: cancelled?.has(Number(event.streamRevision)) ?? false,
      data: pseudonymize ? forAuditor(event, this.config.pseudonymSecret) : event.data,
    }));
  }
}
