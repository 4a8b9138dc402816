import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Actor, EventSource } from '#libs/event-store/event-store.port.js';
import type { CaseView } from '#libs/domain/transfer-case/case-view.js';
import {
  CHOICE_STATED_BY,
  DEADLINE_KINDS,
  FOLLOW_UP_OUTCOMES,
  PRESENTATION_CHANNELS,
  SERVICE_TYPES,
  TRANSFER_CASE_EVENT_TYPES,
  VISIT_MODES,
  WITHDRAWAL_REASONS,
  type ChoiceStatedBy,
  type DeadlineKind,
  type FollowUpOutcome,
  type PresentationChannel,
  type PresentedOption,
  type ServiceType,
  type TransferCaseEventType,
  type VisitMode,
  type WantedService,
  type WithdrawalReason,
} from '#libs/domain/transfer-case/events.js';
import { CASE_STATUSES, type CaseStatus } from '#libs/domain/transfer-case/state.js';
import { CaseSummaryFieldsAnswer } from '../work-queue/case-summary-answer.js';
import type { HistoryItem } from './case-reads.js';

/** The OpenAPI shapes of `GET /cases/{caseId}` and its history; `implements` keeps them to the types the handlers build. */

type Part<K extends keyof CaseView> = NonNullable<CaseView[K]>;
type Item<K extends keyof CaseView> = Part<K> extends (infer T)[] ? T : never;

const DATE_TIME = { format: 'date-time' } as const;
const NULLABLE_DATE_TIME = { format: 'date-time', nullable: true, type: String } as const;
const NULLABLE_DATE = { format: 'date', nullable: true, type: String } as const;

export class PatientAnswer implements Part<'patient'> {
  @ApiProperty({ description: 'Fødselsnummer or D-number (11 digits)' })
  nationalId!: string;

  @ApiProperty()
  name!: string;
}

export class HospitalAnswer implements Part<'hospital'> {
  @ApiProperty({ example: '974749025' })
  orgNumber!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  department!: string;
}

export class HospitalRecommendationAnswer implements Part<'hospitalRecommendation'> {
  @ApiProperty({ enum: [...SERVICE_TYPES] })
  serviceType!: ServiceType;

  @ApiProperty()
  rationale!: string;
}

export class MunicipalResponseAnswer implements Part<'municipalResponse'> {
  @ApiProperty(DATE_TIME)
  respondedAt!: string;

  @ApiProperty()
  canReceive!: boolean;

  @ApiProperty(NULLABLE_DATE)
  expectedReadyDate!: string | null;

  @ApiProperty(NULLABLE_DATE)
  plannedTransferDate!: string | null;
}

export class VisitAnswer implements Item<'visits'> {
  @ApiProperty({ format: 'uuid' })
  visitId!: string;

  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'Null for a visit recorded without being scheduled first' })
  scheduledFor!: string | null;

  @ApiProperty({ nullable: true, type: String })
  location!: string | null;

  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'Null until the visit is recorded as conducted' })
  conductedAt!: string | null;

  @ApiProperty({ enum: [...VISIT_MODES], nullable: true })
  mode!: VisitMode | null;
}

export class PresentedOptionAnswer implements PresentedOption {
  @ApiProperty()
  optionId!: string;

  @ApiProperty({ enum: [...SERVICE_TYPES] })
  serviceType!: ServiceType;

  @ApiProperty()
  description!: string;

  @ApiProperty()
  consequences!: string;

  @ApiPropertyOptional({ description: 'false: named, but cannot actually be had now; absent: available' })
  available?: boolean;
}

export class OpenPresentationAnswer implements Part<'openPresentation'> {
  @ApiProperty({ format: 'uuid' })
  presentationId!: string;

  @ApiProperty(DATE_TIME)
  presentedAt!: string;

  @ApiProperty({ enum: [...PRESENTATION_CHANNELS] })
  channel!: PresentationChannel;

  @ApiProperty({ nullable: true, type: String })
  visitId!: string | null;

  @ApiProperty({ type: [PresentedOptionAnswer] })
  options!: PresentedOptionAnswer[];
}

export class ChoiceAnswer implements Part<'latestChoice'> {
  @ApiProperty({ format: 'uuid' })
  presentationId!: string;

  @ApiProperty()
  optionId!: string;

  @ApiProperty({ enum: [...SERVICE_TYPES] })
  serviceType!: ServiceType;

  @ApiProperty({ enum: [...CHOICE_STATED_BY] })
  statedBy!: ChoiceStatedBy;
}

export class LatestDecisionAnswer implements Part<'latestDecision'> {
  @ApiProperty({ format: 'uuid' })
  decisionId!: string;

  @ApiProperty({ enum: [...SERVICE_TYPES] })
  serviceType!: ServiceType;

  @ApiProperty({ format: 'date' })
  startDate!: string;

  @ApiProperty(DATE_TIME)
  decidedAt!: string;

  @ApiProperty()
  appealed!: boolean;
}

export class TransferAnswer implements Part<'transfer'> {
  @ApiProperty(DATE_TIME)
  transferredAt!: string;

  @ApiProperty({ format: 'uuid' })
  decisionId!: string;
}

export class WithdrawalAnswer implements Part<'withdrawal'> {
  @ApiProperty({ enum: [...WITHDRAWAL_REASONS] })
  reason!: WithdrawalReason;

  @ApiProperty({ nullable: true, type: String })
  details!: string | null;

  @ApiProperty({ ...NULLABLE_DATE, description: 'For reason died: the date of death, when known' })
  diedAt!: string | null;
}

export class WantedServiceAnswer implements WantedService {
  @ApiProperty({ required: false, description: 'IPLOS service type code, when given' })
  code?: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ required: false })
  description?: string;
}

export class HealthInformationAnswer implements Part<'healthInformation'> {
  @ApiProperty({ description: "The patient's status and expected course, as the hospital last gave them" })
  expectedNeeds!: string;

  @ApiProperty({ ...NULLABLE_DATE, description: 'When the hospital expects the patient to be discharge-ready (an estimate)' })
  expectedReadyDate!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, nullable: true, description: 'IPLOS-style variables scored 1–5' })
  functionalAssessment!: Record<string, number> | null;

  @ApiProperty({ type: [WantedServiceAnswer] })
  wantedServices!: WantedServiceAnswer[];
}

export class FollowUpAnswer implements Part<'latestFollowUp'> {
  @ApiProperty(DATE_TIME)
  reviewedAt!: string;

  @ApiProperty({ enum: [...FOLLOW_UP_OUTCOMES] })
  outcome!: FollowUpOutcome;

  @ApiProperty({ nullable: true, type: String })
  notes!: string | null;
}

export class MissedDeadlineAnswer implements Item<'missedDeadlines'> {
  @ApiProperty({ enum: [...DEADLINE_KINDS] })
  deadline!: DeadlineKind;

  @ApiProperty()
  deadlineId!: string;

  @ApiProperty(DATE_TIME)
  dueAt!: string;
}

/** `GET /cases/{caseId}`: the case's current state (absent facts are null) with its CaseSummary fields. */
export class CaseReadAnswer extends CaseSummaryFieldsAnswer implements CaseView {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ enum: [...CASE_STATUSES] })
  status!: CaseStatus;

  @ApiProperty({ type: PatientAnswer })
  patient!: PatientAnswer;

  @ApiProperty({ type: HospitalAnswer })
  hospital!: HospitalAnswer;

  @ApiProperty({ example: '5001' })
  municipalityCode!: string;

  @ApiProperty(DATE_TIME)
  admittedAt!: string;

  @ApiProperty()
  expectedNeeds!: string;

  @ApiProperty({ type: HealthInformationAnswer, description: "The hospital's latest health information, else the admission's" })
  healthInformation!: HealthInformationAnswer;

  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'When the current declaration of discharge readiness was made; null when none stands' })
  readySince!: string | null;

  @ApiProperty({ type: HospitalRecommendationAnswer, nullable: true })
  hospitalRecommendation!: HospitalRecommendationAnswer | null;

  @ApiProperty({ type: MunicipalResponseAnswer, nullable: true })
  municipalResponse!: MunicipalResponseAnswer | null;

  @ApiProperty({ type: [VisitAnswer] })
  visits!: VisitAnswer[];

  @ApiProperty({
    type: OpenPresentationAnswer,
    nullable: true,
    description: "The latest presentation still awaiting the user's choice: none recorded on it, no decision since",
  })
  openPresentation!: OpenPresentationAnswer | null;

  @ApiProperty({ type: ChoiceAnswer, nullable: true, description: 'The choice recorded last, whoever stated it' })
  latestChoice!: ChoiceAnswer | null;

  @ApiProperty({
    type: ChoiceAnswer,
    nullable: true,
    description:
      "The choice a decision must follow or give a deviationReason for: the user's latest, else the guardian's, else a relative's or advocate's",
  })
  decidingChoice!: ChoiceAnswer | null;

  @ApiProperty({ type: LatestDecisionAnswer, nullable: true })
  latestDecision!: LatestDecisionAnswer | null;

  @ApiProperty()
  decisionCount!: number;

  @ApiProperty({ type: TransferAnswer, nullable: true })
  transfer!: TransferAnswer | null;

  @ApiProperty({ type: WithdrawalAnswer, nullable: true })
  withdrawal!: WithdrawalAnswer | null;

  @ApiProperty({ type: FollowUpAnswer, nullable: true })
  latestFollowUp!: FollowUpAnswer | null;

  @ApiProperty({ type: [MissedDeadlineAnswer] })
  missedDeadlines!: MissedDeadlineAnswer[];

  @ApiProperty({ description: "The case stream's revision (also the ETag)" })
  revision!: number;

  @ApiProperty({ description: 'Global position of the last event, `<commit>-<prepare>`', example: '1234-5678' })
  position!: string;
}

export class ActorAnswer implements Actor {
  @ApiProperty({ description: "The caller's subject, the system component's id, or a hospital message's sender HER-id" })
  id!: string;

  @ApiProperty({ example: 'allocation_officer', description: "The caller's role, `system`, or `hospital_system` (a hospital e-message)" })
  role!: string;

  @ApiProperty({ description: 'Organisation number or municipality code; `*` for the system' })
  organisation!: string;
}

export class AsRecordedAnswer implements NonNullable<HistoryItem['asRecorded']> {
  @ApiPropertyOptional({ ...DATE_TIME, description: 'The occurredAt stored, when the current reading has another' })
  occurredAt?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'The data stored, when the current reading has other data' })
  data?: Record<string, unknown>;
}

export class SourceAnswer {
  @ApiProperty({ enum: ['api', 'plo', 'system'], description: 'How the fact reached us' })
  channel!: 'api' | 'plo' | 'system';

  @ApiProperty({ required: false, description: "For `plo`: the hospital message's MsgId" })
  msgId?: string;

  @ApiProperty({ type: ActorAnswer, required: false, description: 'For `plo`: the officer who resolved the parked message' })
  resolvedBy?: ActorAnswer;
}

export class HistoryItemAnswer implements HistoryItem {
  @ApiProperty({ enum: [...TRANSFER_CASE_EVENT_TYPES] })
  type!: TransferCaseEventType;

  @ApiProperty({ description: "The event's revision in the case stream" })
  revision!: number;

  @ApiProperty({ description: 'Global position, `<commit>-<prepare>`', example: '1234-5678' })
  position!: string;

  @ApiProperty({
    ...DATE_TIME,
    description: "When it happened in the world, as the legal clock reads it (the event's own time field where it has one)",
  })
  occurredAt!: string;

  @ApiProperty({ ...DATE_TIME, description: 'When it was recorded' })
  recordedAt!: string;

  @ApiProperty({ description: 'Recorded more than 24 hours after it occurred (regulation.md)' })
  backdated!: boolean;

  @ApiProperty({ type: ActorAnswer })
  actor!: ActorAnswer;

  @ApiProperty({ type: SourceAnswer })
  source!: EventSource;

  @ApiProperty({ description: 'The hospital cancelled the message that recorded it: it no longer counts' })
  cancelled!: boolean;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      "The event's data as domain.md names it. For auditors the patient is a pseudonym, participants have no names, and free text has every national ID number replaced by `[fnr]` and each of the patient's names by `[navn]`",
  })
  data!: Record<string, unknown>;

  @ApiProperty({ description: 'The schema version of its type it was recorded with; it is read as the current one' })
  schemaVersion!: number;

  @ApiProperty({
    type: AsRecordedAnswer,
    nullable: true,
    description:
      'What the store holds where the current reading differs (an event recorded under an older schema version and upcast); null when it reads as stored',
  })
  asRecorded!: AsRecordedAnswer | null;
}

export class CaseHistoryAnswer {
  @ApiProperty({ type: [HistoryItemAnswer], description: 'Oldest first' })
  items!: HistoryItemAnswer[];
}
