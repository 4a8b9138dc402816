/** The facts of a transfer case, exactly as named in shared/spec/domain.md. One stream per case: `case-<caseId>`. */

export const SERVICE_TYPES = ['home_care', 'short_term_stay', 'long_term_stay', 'rehabilitation', 'other'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const PARTICIPANT_ROLES = [
  'user',
  'guardian',
  'relative',
  'advocate',
  'peer_worker',
  'municipal_caseworker',
  'municipal_coordinator',
  'hospital_staff',
  'interpreter',
] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const WISH_SOURCES = ['user', 'relative', 'guardian', 'advocate', 'hospital_staff'] as const;
export type WishSource = (typeof WISH_SOURCES)[number];

export const WISH_CHANNELS = ['written', 'phone', 'in_person'] as const;
export type WishChannel = (typeof WISH_CHANNELS)[number];

export const VISIT_MODES = ['in_person', 'video', 'phone'] as const;
export type VisitMode = (typeof VISIT_MODES)[number];

export const PRESENTATION_CHANNELS = ['in_dialogue', 'written'] as const;
export type PresentationChannel = (typeof PRESENTATION_CHANNELS)[number];

export const CHOICE_STATED_BY = ['user', 'guardian', 'relative', 'advocate'] as const;
export type ChoiceStatedBy = (typeof CHOICE_STATED_BY)[number];

export const DECIDED_BY_ROLES = ['municipal_caseworker', 'user'] as const;
export type DecidedByRole = (typeof DECIDED_BY_ROLES)[number];

export const DEVIATION_CATEGORIES = ['professional_need', 'capacity', 'safety', 'user_changed_mind', 'other'] as const;
export type DeviationCategory = (typeof DEVIATION_CATEGORIES)[number];

export const WITHDRAWAL_REASONS = [
  'died',
  'no_longer_needs_services',
  'moved_municipality',
  /** The hospital cancelled the message that opened the case (PLO Forsendelsesstatus C). */
  'notice_cancelled',
  'other',
] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

export const REVOCATION_REASONS = ['new_illness', 'complication', 'readmission', 'other'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export const FOLLOW_UP_OUTCOMES = ['service_fits', 'service_changed', 'readmitted'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

export const DEADLINE_KINDS = [
  'admission_notice',
  'readiness_notice',
  'municipal_response',
  'expected_ready',
  'visit',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** ISO 8601 instant, e.g. `2026-03-01T10:15:00.000Z`. */
export type Instant = string;
/** Calendar date `YYYY-MM-DD` (Europe/Oslo). */
export type LocalDate = string;

export interface AdmissionNotified {
  caseId: string;
  patient: { nationalId: string; name: string };
  hospital: { orgNumber: string; name: string; department: string };
  municipalityCode: string;
  admittedAt: Instant;
  /** When the need for municipal services became known, if later in the stay: the § 8 notice runs from it. */
  needIdentifiedAt?: Instant;
  expectedNeeds: string;
  /** IPLOS-style variables, each scored 1–5. */
  functionalAssessment?: Record<string, number>;
  /** When the hospital expects the patient to be discharge-ready (an estimate; PLO Helseopplysninger code 3). */
  expectedReadyDate?: LocalDate;
  /** The municipal services the hospital says the patient will need (PLO Helseopplysninger `TjenesteBehov`). */
  wantedServices?: WantedService[];
}

export interface WantedService {
  /** IPLOS service type code, when given. */
  code?: string;
  name: string;
  description?: string;
}

/**
 * Later health information from the hospital on an open case (PLO Helseopplysninger, "Oppdaterte opplysninger", or
 * a § 8 notice for a stay that already has a case): the patient's status and expected course, and what else it says.
 */
export interface HealthInformationGiven {
  expectedNeeds: string;
  expectedReadyDate?: LocalDate;
  functionalAssessment?: Record<string, number>;
  wantedServices?: WantedService[];
}

export interface HospitalRecommendationGiven {
  serviceType: ServiceType;
  rationale: string;
}

export interface UserWishRelayed {
  source: WishSource;
  channel: WishChannel;
  serviceType?: ServiceType;
  statement: string;
}

export interface DischargeReadinessCriteria {
  admissionProblemsClarified: boolean;
  otherProblemsClarified: boolean;
  diagnosisAndPlanSettled: boolean;
  functionalLevelAssessed: boolean;
}

/** The clinician a hospital message names as responsible (PLO `AnsvarForRapport/AnsvarligRapport`). */
export interface AttestingClinician {
  name: string;
  /** e.g. "Primærkontakt", "Behandlingsansvarlig lege" (list 9034). */
  role?: string;
  /** e.g. "Lege", "Sykepleier" (list 9060). */
  profession?: string;
  hprNumber?: string;
}

/**
 * The criteria were not ticked one by one but attested by the hospital's discharge-ready message, which by the
 * standard asserts the responsible clinician's § 9 assessment.
 */
export interface ReadinessAttestation {
  source: 'plo';
  msgId: string;
  /** Absent when the message names none (the standard requires one). */
  clinician?: AttestingClinician;
}

export interface DischargeReadinessDeclared {
  declaredAt: Instant;
  criteria: DischargeReadinessCriteria;
  attestation?: ReadinessAttestation;
}

export interface DischargeReadinessRevoked {
  revokedAt: Instant;
  reason: RevocationReason;
  /** Free text, e.g. the hospital message's remark; expected for reason `other`. */
  text?: string;
}

export interface MunicipalResponseGiven {
  respondedAt: Instant;
  canReceive: boolean;
  expectedReadyDate?: LocalDate;
  plannedTransferDate?: LocalDate;
}

export interface MunicipalVisitScheduled {
  visitId: string;
  scheduledFor: Instant;
  location: string;
}

export interface VisitParticipant {
  role: ParticipantRole;
  name?: string;
  /** Only for `advocate`: outside the services. */
  independent?: boolean;
}

export interface MunicipalVisitConducted {
  visitId: string;
  occurredAt: Instant;
  mode: VisitMode;
  participants: VisitParticipant[];
  informationGiven: string;
  notes?: string;
}

export interface PresentedOption {
  optionId: string;
  serviceType: ServiceType;
  description: string;
  consequences: string;
  /** `false` when the alternative is named but cannot actually be had now; absent means available. */
  available?: boolean;
}

export interface OptionsPresented {
  presentationId: string;
  presentedAt: Instant;
  channel: PresentationChannel;
  /** Required when `channel` is `in_dialogue`. */
  visitId?: string;
  options: PresentedOption[];
}

export interface UserChoiceRecorded {
  presentationId: string;
  optionId: string;
  statedBy: ChoiceStatedBy;
  statement?: string;
}

export interface UserDeclinedDialogue {
  occurredAt: Instant;
  statement?: string;
}

export interface DeviationReason {
  category: DeviationCategory;
  text: string;
}

export interface AllocationDecided {
  decisionId: string;
  serviceType: ServiceType;
  /** Required description when `serviceType` is `other`. */
  serviceDescription?: string;
  startDate: LocalDate;
  decidedAt: Instant;
  decidedBy: { role: DecidedByRole };
  rationale: string;
  deviationReason?: DeviationReason;
  /** The decision told the user of the right to appeal and its deadline (forvaltningsloven § 27); absent: not stated. */
  appealInformationGiven?: boolean;
}

export interface DecisionAppealed {
  decisionId: string;
  appealedAt: Instant;
  grounds: string;
}

export interface PatientTransferred {
  transferredAt: Instant;
  decisionId: string;
}

export interface CaseWithdrawn {
  reason: WithdrawalReason;
  /** Free text, e.g. for `other`. */
  details?: string;
  /** For reason `died`: the date of death, when known. */
  diedAt?: LocalDate;
}

/** An event of this case that a cancelled hospital message recorded, by its place in the stream. */
export interface CancelledEvent {
  revision: number;
  type: string;
}

/**
 * The hospital cancelled one of its messages (PLO Forsendelsesstatus C): the events that message recorded on this
 * case stop counting for the case's state, deadlines, liability and work queue. They stay in the history, marked
 * as cancelled; nothing is removed. A case the cancelled message opened is then withdrawn (`notice_cancelled`).
 */
export interface NoticeCancelled {
  /** The cancelling message's MsgId. */
  msgId: string;
  /** The MsgId of the message it cancels (`ConversationRef/RefToParent`). */
  cancelledMsgId: string;
  cancelledEvents: CancelledEvent[];
  /** The hospital's reason, when given (e.g. "Meldingen ble sendt på feil pasient"). */
  reason?: string;
}

export interface FollowUpRecorded {
  reviewedAt: Instant;
  outcome: FollowUpOutcome;
  notes?: string;
}

export interface DeadlineMissed {
  deadline: DeadlineKind;
  /** The deadline's id: the same miss is recorded once. */
  deadlineId: string;
  dueAt: Instant;
}

export interface TransferCaseEventMap {
  AdmissionNotified: AdmissionNotified;
  HospitalRecommendationGiven: HospitalRecommendationGiven;
  UserWishRelayed: UserWishRelayed;
  DischargeReadinessDeclared: DischargeReadinessDeclared;
  DischargeReadinessRevoked: DischargeReadinessRevoked;
  MunicipalResponseGiven: MunicipalResponseGiven;
  MunicipalVisitScheduled: MunicipalVisitScheduled;
  MunicipalVisitConducted: MunicipalVisitConducted;
  OptionsPresented: OptionsPresented;
  UserChoiceRecorded: UserChoiceRecorded;
  UserDeclinedDialogue: UserDeclinedDialogue;
  AllocationDecided: AllocationDecided;
  DecisionAppealed: DecisionAppealed;
  PatientTransferred: PatientTransferred;
  CaseWithdrawn: CaseWithdrawn;
  FollowUpRecorded: FollowUpRecorded;
  DeadlineMissed: DeadlineMissed;
  HealthInformationGiven: HealthInformationGiven;
  NoticeCancelled: NoticeCancelled;
}

export type TransferCaseEventType = keyof TransferCaseEventMap;

export const TRANSFER_CASE_EVENT_TYPES = [
  'AdmissionNotified',
  'HospitalRecommendationGiven',
  'UserWishRelayed',
  'DischargeReadinessDeclared',
  'DischargeReadinessRevoked',
  'MunicipalResponseGiven',
  'MunicipalVisitScheduled',
  'MunicipalVisitConducted',
  'OptionsPresented',
  'UserChoiceRecorded',
  'UserDeclinedDialogue',
  'AllocationDecided',
  'DecisionAppealed',
  'PatientTransferred',
  'CaseWithdrawn',
  'FollowUpRecorded',
  'DeadlineMissed',
  'HealthInformationGiven',
  'NoticeCancelled',
] as const satisfies readonly TransferCaseEventType[];

/** A case event as the domain sees it: type and data, no envelope. */
export type TransferCaseEvent = {
  [K in TransferCaseEventType]: { type: K; data: TransferCaseEventMap[K] };
}[TransferCaseEventType];

/**
 * A case event with the facts of its envelope that the rules need: when it happened in the world, when it was
 * recorded, and its place in the stream. `occurredAt` is the event's own time field where it has one (event-times.ts).
 */
export type CaseEventRecord = TransferCaseEvent & {
  occurredAt: Instant;
  recordedAt: Instant;
  revision: number;
};

export const caseStreamName = (caseId: string): string => `case-${caseId}`;
