import type {
  ChoiceStatedBy,
  DeadlineKind,
  FollowUpOutcome,
  Instant,
  LocalDate,
  PresentationChannel,
  PresentedOption,
  ServiceType,
  VisitMode,
  WantedService,
  WithdrawalReason,
} from './events.js';
import { decidingChoice } from './deciding-choice.js';
import type { CaseStatus, ChoiceState, TransferCaseState } from './state.js';

export interface CaseViewChoice {
  presentationId: string;
  optionId: string;
  serviceType: ServiceType;
  statedBy: ChoiceStatedBy;
}

/** A case's current state as plain JSON (absent facts are null), for `GET /cases/{caseId}`. */
export interface CaseView {
  caseId: string;
  status: CaseStatus;
  patient: { nationalId: string; name: string };
  hospital: { orgNumber: string; name: string; department: string };
  municipalityCode: string;
  admittedAt: Instant;
  expectedNeeds: string;
  /** What the hospital last said of the patient's needs: its latest health information, else the admission's. */
  healthInformation: {
    expectedNeeds: string;
    expectedReadyDate: LocalDate | null;
    functionalAssessment: Record<string, number> | null;
    wantedServices: WantedService[];
  };
  /** When the current declaration of discharge readiness was made; null when none stands. */
  readySince: Instant | null;
  hospitalRecommendation: { serviceType: ServiceType; rationale: string } | null;
  municipalResponse: {
    respondedAt: Instant;
    canReceive: boolean;
    expectedReadyDate: LocalDate | null;
    plannedTransferDate: LocalDate | null;
  } | null;
  visits: {
    visitId: string;
    scheduledFor: Instant | null;
    location: string | null;
    conductedAt: Instant | null;
    mode: VisitMode | null;
  }[];
  /** The latest presentation still awaiting the user's choice: none recorded on it, no decision since. */
  openPresentation: {
    presentationId: string;
    presentedAt: Instant;
    channel: PresentationChannel;
    visitId: string | null;
    options: PresentedOption[];
  } | null;
  /** The choice recorded last, whoever stated it. */
  latestChoice: CaseViewChoice | null;
  /** The choice a decision must follow or explain (the user's latest, else the guardian's, else a proxy's). */
  decidingChoice: CaseViewChoice | null;
  latestDecision: {
    decisionId: string;
    serviceType: ServiceType;
    startDate: LocalDate;
    decidedAt: Instant;
    appealed: boolean;
  } | null;
  decisionCount: number;
  transfer: { transferredAt: Instant; decisionId: string } | null;
  withdrawal: { reason: WithdrawalReason; details: string | null; diedAt: LocalDate | null } | null;
  latestFollowUp: { reviewedAt: Instant; outcome: FollowUpOutcome; notes: string | null } | null;
  missedDeadlines: { deadline: DeadlineKind; deadlineId: string; dueAt: Instant }[];
}

const choiceView = (choice: ChoiceState | undefined): CaseViewChoice | null => (choice ? { ...choice } : null);

const healthInformationOf = (given: {
  expectedNeeds: string;
  expectedReadyDate?: LocalDate;
  functionalAssessment?: Record<string, number>;
  wantedServices?: WantedService[];
}): CaseView['healthInformation'] => ({
  expectedNeeds: given.expectedNeeds,
  expectedReadyDate: given.expectedReadyDate ?? null,
  functionalAssessment: given.functionalAssessment ? { ...given.functionalAssessment } : null,
  wantedServices: given.wantedServices?.map((service) => ({ ...service })) ?? [],
});

/** Projects the state into a `CaseView`; null when the case does not exist. */
export const CaseView = (state: TransferCaseState): CaseView | null => {
  const { admission, status, closure } = state;
  if (admission === null || status === null) return null;
  const open = closure === null ? state.presentations.findLast((presentation) => !presentation.settled) : undefined;
  const decision = state.decisions.at(-1);
  const response = state.municipalResponse;
  const followUp = state.latestFollowUp;
  return {
    caseId: admission.caseId,
    status,
    patient: { nationalId: admission.patient.nationalId, name: admission.patient.name },
    hospital: {
      orgNumber: admission.hospital.orgNumber,
      name: admission.hospital.name,
      department: admission.hospital.department,
    },
    municipalityCode: admission.municipalityCode,
    admittedAt: admission.admittedAt,
    expectedNeeds: admission.expectedNeeds,
    healthInformation: healthInformationOf(state.latestHealthInformation ?? admission),
    readySince: state.readiness?.declaredAt ?? null,
    hospitalRecommendation: state.recommendation && {
      serviceType: state.recommendation.serviceType,
      rationale: state.recommendation.rationale,
    },
    municipalResponse: response && {
      respondedAt: response.respondedAt,
      canReceive: response.canReceive,
      expectedReadyDate: response.expectedReadyDate ?? null,
      plannedTransferDate: response.plannedTransferDate ?? null,
    },
    visits: state.visits.map(({ visitId, scheduledFor, location, conducted }) => ({
      visitId,
      scheduledFor,
      location,
      conductedAt: conducted?.occurredAt ?? null,
      mode: conducted?.mode ?? null,
    })),
    openPresentation: open
      ? {
          presentationId: open.presentationId,
          presentedAt: open.presentedAt,
          channel: open.channel,
          visitId: open.visitId,
          options: open.options.map((option) => ({ ...option })),
        }
      : null,
    latestChoice: choiceView(state.choices.at(-1)),
    decidingChoice: choiceView(decidingChoice(state.choices)),
    latestDecision: decision ? { ...decision } : null,
    decisionCount: state.decisions.length,
    transfer: closure?.kind === 'transferred' ? { transferredAt: closure.transferredAt, decisionId: closure.decisionId } : null,
    withdrawal: closure?.kind === 'withdrawn' ? { reason: closure.reason, details: closure.details, diedAt: closure.diedAt } : null,
    latestFollowUp: followUp && { reviewedAt: followUp.reviewedAt, outcome: followUp.outcome, notes: followUp.notes ?? null },
    missedDeadlines: state.missedDeadlines.map(({ deadline, deadlineId, dueAt }) => ({ deadline, deadlineId, dueAt })),
  };
};
