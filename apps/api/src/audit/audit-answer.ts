import { ApiProperty } from '@nestjs/swagger';
import {
  CONDITION_NAMES,
  LADDER_STEPS,
  LEVELS,
  type AllocationAssessment,
  type Basis,
  type ConditionName,
  type Conditions,
  type InfluenceQuality,
  type LadderStep,
  type LateRegistration,
  type Level,
  type Support,
} from '#libs/domain/participation/allocation-assessment.js';
import {
  DEVIATION_CATEGORIES,
  FOLLOW_UP_OUTCOMES,
  SERVICE_TYPES,
  TRANSFER_CASE_EVENT_TYPES,
  VISIT_MODES,
  type DeviationCategory,
  type FollowUpOutcome,
  type ServiceType,
  type TransferCaseEventType,
  type VisitMode,
} from '#libs/domain/transfer-case/events.js';
import type { Share, SummaryItem } from './allocation-audit.queries.js';
import { GROUP_BYS, type GroupBy } from './audit-query.dto.js';

/** The OpenAPI shapes of the audit's JSON answers (participation.md, api.md); `implements` keeps them to the query types. */

type Levels = SummaryItem['levels'];
type LadderSteps = SummaryItem['ladderSteps'];

const BASES: Basis[] = ['direct_dialogue', 'written_notice'];
const INFLUENCE_QUALITIES: InfluenceQuality[] = ['full', 'partial'];

export class ConditionsAnswer implements Conditions {
  @ApiProperty()
  alternativesPresented!: boolean;

  @ApiProperty()
  consequencesExplained!: boolean;

  @ApiProperty()
  preferenceRecorded!: boolean;

  @ApiProperty()
  decisionFollowsPreference!: boolean;
}

export class SupportAnswer implements Support {
  @ApiProperty()
  relative!: boolean;

  @ApiProperty()
  advocate!: boolean;

  @ApiProperty({ description: 'An advocate from outside the services (`independent: true`) took part' })
  advocateIndependent!: boolean;

  @ApiProperty()
  peerWorker!: boolean;

  @ApiProperty()
  interpreter!: boolean;
}

export class LateRegistrationAnswer implements LateRegistration {
  @ApiProperty({ enum: [...TRANSFER_CASE_EVENT_TYPES] })
  type!: TransferCaseEventType;

  @ApiProperty({ format: 'date-time', description: 'When it happened in the world' })
  occurredAt!: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class AllocationAssessmentAnswer implements AllocationAssessment {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ format: 'uuid' })
  decisionId!: string;

  @ApiProperty({ format: 'date-time' })
  decidedAt!: string;

  @ApiProperty({ enum: [...SERVICE_TYPES] })
  serviceType!: ServiceType;

  @ApiProperty({ example: '5001' })
  municipalityCode!: string;

  @ApiProperty({ example: '974749025' })
  hospitalOrgNumber!: string;

  @ApiProperty({ description: 'Keyed pseudonym of the national ID; never the ID itself' })
  patientPseudonym!: string;

  @ApiProperty({ enum: BASES })
  basis!: Basis;

  @ApiProperty({ enum: [...LEVELS] })
  level!: Level;

  @ApiProperty({ enum: [...LADDER_STEPS] })
  ladderStep!: LadderStep;

  @ApiProperty({ type: ConditionsAnswer })
  conditions!: ConditionsAnswer;

  @ApiProperty({ enum: INFLUENCE_QUALITIES, nullable: true, description: 'Null for `deltakelse`' })
  influenceQuality!: InfluenceQuality | null;

  @ApiProperty({ enum: [...CONDITION_NAMES], isArray: true, description: 'The false conditions, at every level' })
  missingConditions!: ConditionName[];

  @ApiProperty()
  proxyChoice!: boolean;

  @ApiProperty({ enum: [...VISIT_MODES], isArray: true, description: 'The modes of the counted dialogues' })
  dialogueModes!: VisitMode[];

  @ApiProperty({ type: SupportAnswer })
  support!: SupportAnswer;

  @ApiProperty()
  professionalsPresent!: number;

  @ApiProperty({ nullable: true, type: Boolean, description: 'Null when no recommendation is in the evidence' })
  followedHospitalRecommendation!: boolean | null;

  @ApiProperty({ enum: [...DEVIATION_CATEGORIES], nullable: true, description: 'Null when none' })
  deviationCategory!: DeviationCategory | null;

  @ApiProperty()
  participationDeclined!: boolean;

  @ApiProperty({ nullable: true, type: Number, description: 'Null when no readiness stood at the decision' })
  daysFromReadinessToDecision!: number | null;

  @ApiProperty()
  appealed!: boolean;

  @ApiProperty({
    description:
      'Appealed after the four weeks of pasient- og brukerrettighetsloven § 7-5: on a later Oslo day than decidedAt + 28 days (moved to the next working day when that is a weekend day or public holiday); false when not appealed',
  })
  appealLate!: boolean;

  @ApiProperty({ nullable: true, type: Boolean, description: 'The decision told the user of the right to appeal; null when it does not say' })
  appealInformationGiven!: boolean | null;

  @ApiProperty({ description: 'Options presented in the evidence but marked available: false (not real alternatives)' })
  unavailableOptionsPresented!: number;

  @ApiProperty({
    enum: [...FOLLOW_UP_OUTCOMES],
    nullable: true,
    description: 'The latest follow-up after the transfer that carried out this decision; null when none',
  })
  followUp!: FollowUpOutcome | null;

  @ApiProperty({ type: [LateRegistrationAnswer] })
  lateRegistrations!: LateRegistrationAnswer[];

  @ApiProperty({ example: 2 })
  ruleVersion!: number;
}

export class AllocationsAnswer {
  @ApiProperty({ type: [AllocationAssessmentAnswer] })
  items!: AllocationAssessmentAnswer[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as ?cursor= for the next page; null on the last page' })
  nextCursor!: string | null;
}

export class ShareAnswer implements Share {
  @ApiProperty()
  count!: number;

  @ApiProperty({ description: "Of the group's decisions, 0–1" })
  share!: number;
}

export class AppealInformationShareAnswer extends ShareAnswer {
  @ApiProperty({ description: 'Decisions that do not say whether the user was told' })
  notStated!: number;
}

export class LevelShareAnswer extends ShareAnswer {
  @ApiProperty({ nullable: true, type: Number, description: 'Appealed share of this level’s decisions; null when none' })
  appealRate!: number | null;
}

export class LevelsAnswer implements Levels {
  @ApiProperty({ type: LevelShareAnswer })
  deltakelse!: LevelShareAnswer;

  @ApiProperty({ type: LevelShareAnswer })
  innflytelse!: LevelShareAnswer;
}

export class LadderStepsAnswer implements LadderSteps {
  @ApiProperty({ type: ShareAnswer })
  brukerperspektiv!: ShareAnswer;

  @ApiProperty({ type: ShareAnswer })
  brukerdeltakelse!: ShareAnswer;

  @ApiProperty({ type: ShareAnswer })
  brukerinnflytelse!: ShareAnswer;

  @ApiProperty({ type: ShareAnswer })
  brukerstyring!: ShareAnswer;
}

export class SummaryItemAnswer implements SummaryItem {
  @ApiProperty({ description: 'Municipality code, hospital org number or month YYYY-MM, as groupBy says', example: '5001' })
  group!: string;

  @ApiProperty()
  decisions!: number;

  @ApiProperty({ type: LevelsAnswer })
  levels!: LevelsAnswer;

  @ApiProperty({ type: LadderStepsAnswer })
  ladderSteps!: LadderStepsAnswer;

  @ApiProperty({ type: ShareAnswer, description: 'Decisions with `influenceQuality: full`' })
  fullInfluence!: ShareAnswer;

  @ApiProperty({ nullable: true, type: Number, description: 'Over the decisions with a readiness in force; null when none had' })
  medianDaysReadinessToDecision!: number | null;

  @ApiProperty({
    type: AppealInformationShareAnswer,
    description: 'Decisions that told the user of the right to appeal (share of all decisions), and how many do not say',
  })
  appealInformationGiven!: AppealInformationShareAnswer;
}

export class SummaryAnswer {
  @ApiProperty({ enum: [...GROUP_BYS] })
  groupBy!: GroupBy;

  @ApiProperty({ type: [SummaryItemAnswer] })
  items!: SummaryItemAnswer[];
}
