import { ValidateIf } from 'class-validator';
import {
  CHOICE_STATED_BY,
  DECIDED_BY_ROLES,
  DEVIATION_CATEGORIES,
  FOLLOW_UP_OUTCOMES,
  PARTICIPANT_ROLES,
  PRESENTATION_CHANNELS,
  REVOCATION_REASONS,
  SERVICE_TYPES,
  VISIT_MODES,
  WISH_CHANNELS,
  WISH_SOURCES,
  WITHDRAWAL_REASONS,
  type ChoiceStatedBy,
  type DecidedByRole,
  type DeviationCategory,
  type FollowUpOutcome,
  type ParticipantRole,
  type PresentationChannel,
  type RevocationReason,
  type ServiceType,
  type VisitMode,
  type WishChannel,
  type WishSource,
  type WithdrawalReason,
} from '#libs/domain/transfer-case/events.js';
import {
  BooleanField,
  ClientIdField,
  EnumField,
  InstantField,
  LocalDateField,
  NestedField,
  TextField,
  UuidField,
} from '../../http/fields.js';
import { MunicipalityCodeField, NationalIdField, OrganisationNumberField } from '../../http/identifier-fields.js';
import { FunctionalAssessmentField } from './functional-assessment.js';

/** One class per command body; every field validated, unknown fields refused (see the validation pipe). */

const NAME = 200;
const SHORT_TEXT = 500;
const TEXT = 4000;

export class CommandDto {
  @InstantField({
    optional: true,
    description:
      "When it happened in the world. Where the event has its own time field (respondedAt, transferredAt, decidedAt, ...; not admittedAt or declaredAt) it is that field: default the field, and when both are given they must be the same instant (else 400). Otherwise default now",
  })
  occurredAt?: string;
}

export class PatientDto {
  @NationalIdField()
  nationalId!: string;

  @TextField(NAME)
  name!: string;
}

export class HospitalDto {
  @OrganisationNumberField()
  orgNumber!: string;

  @TextField(NAME)
  name!: string;

  @TextField(NAME)
  department!: string;
}

export class NotifyAdmissionDto extends CommandDto {
  @UuidField({ optional: true, description: 'Client-made case id: makes a retried notice idempotent' })
  caseId?: string;

  @NestedField(() => PatientDto)
  patient!: PatientDto;

  @NestedField(() => HospitalDto)
  hospital!: HospitalDto;

  @MunicipalityCodeField()
  municipalityCode!: string;

  @InstantField()
  admittedAt!: string;

  @InstantField({
    optional: true,
    description: 'When the need for municipal services became known, if later in the stay: the § 8 notice runs from it',
  })
  needIdentifiedAt?: string;

  @TextField(TEXT)
  expectedNeeds!: string;

  @FunctionalAssessmentField()
  functionalAssessment?: Record<string, number>;
}

export class GiveHospitalRecommendationDto extends CommandDto {
  @EnumField(SERVICE_TYPES)
  serviceType!: ServiceType;

  @TextField(TEXT)
  rationale!: string;
}

export class RelayUserWishDto extends CommandDto {
  @EnumField(WISH_SOURCES)
  source!: WishSource;

  @EnumField(WISH_CHANNELS)
  channel!: WishChannel;

  @EnumField(SERVICE_TYPES, { optional: true })
  serviceType?: ServiceType;

  @TextField(TEXT)
  statement!: string;
}

export class ReadinessCriteriaDto {
  @BooleanField({ description: '§ 9 a: the problems stated at admission are clarified' })
  admissionProblemsClarified!: boolean;

  @BooleanField({ description: '§ 9 b: other problems found during the stay are clarified' })
  otherProblemsClarified!: boolean;

  @BooleanField({ description: '§ 9 c: a clear position on diagnoses and a plan for follow-up' })
  diagnosisAndPlanSettled!: boolean;

  @BooleanField({ description: '§ 9 d: functional level, its change and expected course are assessed' })
  functionalLevelAssessed!: boolean;
}

export class DeclareDischargeReadinessDto extends CommandDto {
  @InstantField({ optional: true, description: 'Default: occurredAt' })
  declaredAt?: string;

  @NestedField(() => ReadinessCriteriaDto)
  criteria!: ReadinessCriteriaDto;
}

export class RevokeDischargeReadinessDto extends CommandDto {
  @InstantField({ optional: true, description: "When it happened, and so the event's occurredAt. Default: occurredAt, else now" })
  revokedAt?: string;

  @EnumField(REVOCATION_REASONS)
  reason!: RevocationReason;

  @TextField(TEXT, { optional: true, description: 'What happened, e.g. for reason other' })
  text?: string;
}

export class GiveMunicipalResponseDto extends CommandDto {
  @InstantField({ optional: true, description: "When it happened, and so the event's occurredAt. Default: occurredAt, else now" })
  respondedAt?: string;

  @BooleanField()
  canReceive!: boolean;

  @LocalDateField({ optional: true, planned: true, description: 'When canReceive is false: when a service is expected to be ready' })
  expectedReadyDate?: string;

  @LocalDateField({ optional: true, planned: true })
  plannedTransferDate?: string;
}

export class ScheduleMunicipalVisitDto extends CommandDto {
  @ClientIdField({ optional: true, description: 'Default: a new UUID, returned in the answer' })
  visitId?: string;

  @InstantField({ planned: true })
  scheduledFor!: string;

  @TextField(SHORT_TEXT)
  location!: string;
}

export class ParticipantDto {
  @EnumField(PARTICIPANT_ROLES)
  role!: ParticipantRole;

  @TextField(NAME, { optional: true })
  name?: string;

  @ValidateIf((participant: ParticipantDto) => participant.independent !== undefined)
  @BooleanField({ optional: true, description: 'Only for advocate: outside the services' })
  independent?: boolean;
}

export class RecordMunicipalVisitDto extends CommandDto {
  @EnumField(VISIT_MODES)
  mode!: VisitMode;

  @NestedField(() => ParticipantDto, {
    array: { min: 1, max: 30 },
    description: 'Must include a municipal representative',
  })
  participants!: ParticipantDto[];

  @TextField(TEXT)
  informationGiven!: string;

  @TextField(TEXT, { optional: true })
  notes?: string;
}

export class OptionDto {
  @ClientIdField()
  optionId!: string;

  @EnumField(SERVICE_TYPES)
  serviceType!: ServiceType;

  @TextField(TEXT)
  description!: string;

  @TextField(TEXT, { description: 'What choosing this option means for the user' })
  consequences!: string;

  @BooleanField({
    optional: true,
    description: 'Default true; false when the alternative is named but cannot actually be had now (not a real alternative)',
  })
  available?: boolean;
}

export class PresentOptionsDto extends CommandDto {
  @ClientIdField({ optional: true, description: 'Default: a new UUID, returned in the answer' })
  presentationId?: string;

  @InstantField({ optional: true, description: "When it happened, and so the event's occurredAt. Default: occurredAt, else now" })
  presentedAt?: string;

  @EnumField(PRESENTATION_CHANNELS)
  channel!: PresentationChannel;

  @ValidateIf((dto: PresentOptionsDto) => dto.channel === 'in_dialogue' || dto.visitId !== undefined)
  @ClientIdField({ optional: true, description: 'Required when channel is in_dialogue' })
  visitId?: string;

  @NestedField(() => OptionDto, { array: { min: 1, max: 10 } })
  options!: OptionDto[];
}

export class RecordUserChoiceDto extends CommandDto {
  @ClientIdField()
  presentationId!: string;

  @ClientIdField()
  optionId!: string;

  @EnumField(CHOICE_STATED_BY)
  statedBy!: ChoiceStatedBy;

  @TextField(TEXT, { optional: true })
  statement?: string;
}

export class RecordDeclinedDialogueDto extends CommandDto {
  @TextField(TEXT, { optional: true })
  statement?: string;
}

export class DeviationReasonDto {
  @EnumField(DEVIATION_CATEGORIES)
  category!: DeviationCategory;

  @TextField(TEXT)
  text!: string;
}

export class DecidedByDto {
  @EnumField(DECIDED_BY_ROLES)
  role!: DecidedByRole;
}

export class DecideAllocationDto extends CommandDto {
  @ClientIdField({ optional: true, description: 'Default: a new UUID, returned in the answer' })
  decisionId?: string;

  @EnumField(SERVICE_TYPES)
  serviceType!: ServiceType;

  @ValidateIf((dto: DecideAllocationDto) => dto.serviceType === 'other' || dto.serviceDescription !== undefined)
  @TextField(SHORT_TEXT, { optional: true, description: 'Required when serviceType is other' })
  serviceDescription?: string;

  @LocalDateField({ planned: true })
  startDate!: string;

  @InstantField({ optional: true, description: "When it happened, and so the event's occurredAt. Default: occurredAt, else now" })
  decidedAt?: string;

  @NestedField(() => DecidedByDto, { optional: true, description: 'Default: municipal_caseworker' })
  decidedBy?: DecidedByDto;

  @TextField(TEXT)
  rationale!: string;

  @NestedField(() => DeviationReasonDto, {
    optional: true,
    description:
      "Required when the service type differs from the deciding choice: the user's latest, else the guardian's, else a relative's or advocate's",
  })
  deviationReason?: DeviationReasonDto;

  @BooleanField({
    optional: true,
    description: 'The decision told the user of the right to appeal and its deadline (forvaltningsloven § 27); leave out when not known',
  })
  appealInformationGiven?: boolean;
}

export class AppealDecisionDto extends CommandDto {
  @InstantField({ optional: true, description: "When it happened, and so the event's occurredAt. Default: occurredAt, else now" })
  appealedAt?: string;

  @TextField(TEXT)
  grounds!: string;
}

export class TransferPatientDto extends CommandDto {
  @InstantField({ optional: true, description: "When it happened, and so the event's occurredAt. Default: occurredAt, else now" })
  transferredAt?: string;

  @ClientIdField()
  decisionId!: string;
}

export class WithdrawCaseDto extends CommandDto {
  @EnumField(WITHDRAWAL_REASONS)
  reason!: WithdrawalReason;

  @TextField(TEXT, { optional: true })
  details?: string;

  @LocalDateField({ optional: true, description: 'For reason died: the date of death' })
  diedAt?: string;
}

export class RecordFollowUpDto extends CommandDto {
  @InstantField({ optional: true, description: "When it happened, and so the event's occurredAt. Default: occurredAt, else now" })
  reviewedAt?: string;

  @EnumField(FOLLOW_UP_OUTCOMES)
  outcome!: FollowUpOutcome;

  @TextField(TEXT, { optional: true })
  notes?: string;
}
