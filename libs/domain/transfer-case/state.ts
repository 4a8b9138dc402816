import type {
  AdmissionNotified,
  CaseEventRecord,
  ChoiceStatedBy,
  DeadlineMissed,
  FollowUpRecorded,
  HealthInformationGiven,
  HospitalRecommendationGiven,
  Instant,
  LocalDate,
  MunicipalResponseGiven,
  PresentationChannel,
  PresentedOption,
  ServiceType,
  TransferCaseEvent,
  VisitMode,
  WithdrawalReason,
} from './events.js';
import { countingRecords } from './cancellation.js';
import { parseInstant } from './time.js';

export const CASE_STATUSES = ['notified', 'awaiting_decision', 'decided', 'transferred', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface VisitState {
  visitId: string;
  /** Null for a visit recorded without being scheduled first. */
  scheduledFor: Instant | null;
  location: string | null;
  conducted: { occurredAt: Instant; mode: VisitMode } | null;
}

export interface PresentationState {
  presentationId: string;
  presentedAt: Instant;
  channel: PresentationChannel;
  visitId: string | null;
  options: PresentedOption[];
  /** A choice was recorded on it, or a decision after it: it no longer awaits the user. */
  settled: boolean;
}

export interface ChoiceState {
  presentationId: string;
  optionId: string;
  serviceType: ServiceType;
  statedBy: ChoiceStatedBy;
}

export interface DecisionState {
  decisionId: string;
  serviceType: ServiceType;
  startDate: LocalDate;
  decidedAt: Instant;
  appealed: boolean;
}

export type Closure =
  | { kind: 'transferred'; transferredAt: Instant; decisionId: string }
  | { kind: 'withdrawn'; reason: WithdrawalReason; details: string | null; diedAt: LocalDate | null };

/** What the rules and the case view need to know of a case's history. */
export interface TransferCaseState {
  /** As notified, kept whole to recognise an identical retry; null while the case does not exist. */
  admission: AdmissionNotified | null;
  /** Derived from the rest on every event; null while the case does not exist. */
  status: CaseStatus | null;
  /** Declared and not revoked since. */
  readiness: { declaredAt: Instant } | null;
  /** When the latest revocation of readiness happened; null before any. */
  lastRevokedAt: Instant | null;
  recommendation: HospitalRecommendationGiven | null;
  /** The answer given last (by `respondedAt`, however late it was typed in). */
  municipalResponse: MunicipalResponseGiven | null;
  visits: VisitState[];
  presentations: PresentationState[];
  /** In the order recorded. */
  choices: ChoiceState[];
  /** In the order recorded. */
  decisions: DecisionState[];
  /** The first transfer or withdrawal; a case closes once. */
  closure: Closure | null;
  /** The review done last (by `reviewedAt`). */
  latestFollowUp: FollowUpRecorded | null;
  missedDeadlines: DeadlineMissed[];
  /** The hospital's latest health information after the admission (PLO Helseopplysninger). */
  latestHealthInformation: HealthInformationGiven | null;
}

export const initialState: TransferCaseState = {
  admission: null,
  status: null,
  readiness: null,
  lastRevokedAt: null,
  recommendation: null,
  municipalResponse: null,
  visits: [],
  presentations: [],
  choices: [],
  decisions: [],
  closure: null,
  latestFollowUp: null,
  missedDeadlines: [],
  latestHealthInformation: null,
};

/**
 * A decided case stays `decided` when its readiness is revoked: the decision still stands,
 * and the patient is transferred under it once ready again.
 */
const deriveStatus = (state: TransferCaseState): CaseStatus | null => {
  if (state.admission === null) return null;
  if (state.closure !== null) return state.closure.kind;
  if (state.decisions.length > 0) return 'decided';
  return state.readiness === null ? 'notified' : 'awaiting_decision';
};

/** A fact typed in after another but happened before it is not the latest; unreadable times change nothing (total). */
const happenedBefore = (at: Instant, than: Instant | undefined): boolean => {
  const [fact, other] = [parseInstant(at), than === undefined ? null : parseInstant(than)];
  return fact !== null && other !== null && fact < other;
};

const foldFact = (state: TransferCaseState, event: TransferCaseEvent): TransferCaseState => {
  switch (event.type) {
    case 'AdmissionNotified':
      return state.admission === null ? { ...state, admission: event.data } : state;
    case 'HospitalRecommendationGiven':
      return { ...state, recommendation: event.data };
    case 'DischargeReadinessDeclared':
      return state.readiness === null ? { ...state, readiness: { declaredAt: event.data.declaredAt } } : state;
    case 'DischargeReadinessRevoked':
      return state.readiness === null ? state : { ...state, readiness: null, lastRevokedAt: event.data.revokedAt };
    case 'MunicipalResponseGiven':
      return happenedBefore(event.data.respondedAt, state.municipalResponse?.respondedAt)
        ? state
        : { ...state, municipalResponse: event.data };
    case 'MunicipalVisitScheduled': {
      const { visitId, scheduledFor, location } = event.data;
      if (state.visits.some((v) => v.visitId === visitId)) return state;
      return { ...state, visits: [...state.visits, { visitId, scheduledFor, location, conducted: null }] };
    }
    case 'MunicipalVisitConducted': {
      const { visitId, occurredAt, mode } = event.data;
      const known = state.visits.find((v) => v.visitId === visitId);
      if (known?.conducted) return state;
      const conducted = { occurredAt, mode };
      const visits = known
        ? state.visits.map((v) => (v === known ? { ...v, conducted } : v))
        : [...state.visits, { visitId, scheduledFor: null, location: null, conducted }];
      return { ...state, visits };
    }
    case 'OptionsPresented': {
      const { presentationId, presentedAt, channel, visitId, options } = event.data;
      if (state.presentations.some((p) => p.presentationId === presentationId)) return state;
      const presentation = { presentationId, presentedAt, channel, visitId: visitId ?? null, options, settled: false };
      return { ...state, presentations: [...state.presentations, presentation] };
    }
    case 'UserChoiceRecorded': {
      const { presentationId, optionId, statedBy } = event.data;
      const presentation = state.presentations.find((p) => p.presentationId === presentationId);
      const option = presentation?.options.find((o) => o.optionId === optionId);
      if (!option) return state;
      return {
        ...state,
        choices: [...state.choices, { presentationId, optionId, statedBy, serviceType: option.serviceType }],
        presentations: state.presentations.map((p) => (p === presentation ? { ...p, settled: true } : p)),
      };
    }
    case 'AllocationDecided': {
      const { decisionId, serviceType, startDate, decidedAt } = event.data;
      if (state.decisions.some((d) => d.decisionId === decisionId)) return state;
      return {
        ...state,
        decisions: [...state.decisions, { decisionId, serviceType, startDate, decidedAt, appealed: false }],
        presentations: state.presentations.map((p) => ({ ...p, settled: true })),
      };
    }
    case 'DecisionAppealed':
      return {
        ...state,
        decisions: state.decisions.map((d) => (d.decisionId === event.data.decisionId ? { ...d, appealed: true } : d)),
      };
    case 'PatientTransferred': {
      const { transferredAt, decisionId } = event.data;
      return state.closure === null ? { ...state, closure: { kind: 'transferred', transferredAt, decisionId } } : state;
    }
    case 'CaseWithdrawn': {
      const { reason, details, diedAt } = event.data;
      return state.closure === null
        ? { ...state, closure: { kind: 'withdrawn', reason, details: details ?? null, diedAt: diedAt ?? null } }
        : state;
    }
    case 'HealthInformationGiven':
      return { ...state, latestHealthInformation: event.data };
    case 'FollowUpRecorded':
      return happenedBefore(event.data.reviewedAt, state.latestFollowUp?.reviewedAt) ? state : { ...state, latestFollowUp: event.data };
    case 'DeadlineMissed':
      return state.missedDeadlines.some((m) => m.deadlineId === event.data.deadlineId)
        ? state
        : { ...state, missedDeadlines: [...state.missedDeadlines, event.data] };
    case 'UserWishRelayed':
    case 'UserDeclinedDialogue':
    // Its effect is that the events it names stop counting: the state is folded from the counting events only.
    case 'NoticeCancelled':
    default:
      return state;
  }
};

/**
 * Folds one recorded fact into the state. Total: any event in any order gives a state, never
 * an exception. What a valid history cannot hold (a second admission, a choice of an unknown
 * option, a second closure, an unknown event type) leaves the state as it was.
 */
export const evolve = (state: TransferCaseState, event: TransferCaseEvent): TransferCaseState => {
  const next = foldFact(state, event);
  return next === state ? state : { ...next, status: deriveStatus(next) };
};

/** A case's state from its history: its counting events folded (the events of a cancelled hospital message do not count). */
export const foldCase = (records: readonly CaseEventRecord[]): TransferCaseState =>
  countingRecords(records).reduce<TransferCaseState>(evolve, initialState);
