import type {
  AllocationDecided,
  CaseEventRecord,
  DeviationCategory,
  FollowUpOutcome,
  Instant,
  OptionsPresented,
  ServiceType,
  TransferCaseEventType,
  UserChoiceRecorded,
  VisitMode,
  WishSource,
} from '#libs/domain/transfer-case/events.js';
import { caseStream, ofType, type RecordOf } from '#libs/domain/transfer-case/case-stream.js';
import { decidingChoice, isProxyChoice } from '#libs/domain/transfer-case/deciding-choice.js';
import { factTime, inWorldOrder } from '#libs/domain/transfer-case/event-times.js';
import { isAppealLate } from './appeal-period.js';
import { dialogueModes, isCountedDialogue, professionalsPresent, supportIn, type Support } from './dialogue.js';
import { evidenceOf } from './evidence.js';
import { daysBetween, osloDateOf } from '#libs/domain/regulation/oslo-calendar.js';

export type { Support } from './dialogue.js';

/**
 * Bumped on every change to the rules below; a projection rebuild re-assesses history under the new rules.
 * 2 (spec version 2): only available options are alternatives; the deciding choice is the user's own, else the
 * guardian's, else a proxy's; `appealLate`, `appealInformationGiven`, `unavailableOptionsPresented`; evidence read on
 * upcast records (an event's own time field is its `occurredAt`).
 */
export const RULE_VERSION = 2;

export type Basis = 'direct_dialogue' | 'written_notice';

/** Lowest first. */
export const LEVELS = ['deltakelse', 'innflytelse'] as const;
export type Level = (typeof LEVELS)[number];

/** Brukermedvirkningstrappen, lowest step first. */
export const LADDER_STEPS = ['brukerperspektiv', 'brukerdeltakelse', 'brukerinnflytelse', 'brukerstyring'] as const;
export type LadderStep = (typeof LADDER_STEPS)[number];

export const CONDITION_NAMES = [
  'alternativesPresented',
  'consequencesExplained',
  'preferenceRecorded',
  'decisionFollowsPreference',
] as const;
export type ConditionName = (typeof CONDITION_NAMES)[number];
export type Conditions = Record<ConditionName, boolean>;

export type InfluenceQuality = 'full' | 'partial';

export interface LateRegistration {
  type: TransferCaseEventType;
  /** When it happened in the world: the same instant the evidence rule reads. */
  occurredAt: Instant;
  recordedAt: Instant;
}

/** participation.md, "The AllocationAssessment read model". */
export interface AllocationAssessment {
  caseId: string;
  decisionId: string;
  decidedAt: Instant;
  serviceType: ServiceType;
  municipalityCode: string;
  hospitalOrgNumber: string;
  patientPseudonym: string;
  basis: Basis;
  level: Level;
  ladderStep: LadderStep;
  conditions: Conditions;
  /** Null for `deltakelse`. */
  influenceQuality: InfluenceQuality | null;
  /** The false conditions, at every level. */
  missingConditions: ConditionName[];
  proxyChoice: boolean;
  /** The modes of the counted dialogues. */
  dialogueModes: VisitMode[];
  support: Support;
  professionalsPresent: number;
  /** Null when no recommendation is in the evidence. */
  followedHospitalRecommendation: boolean | null;
  deviationCategory: DeviationCategory | null;
  participationDeclined: boolean;
  daysFromReadinessToDecision: number | null;
  /** Read from the whole stream: an appeal always comes after the decision. */
  appealed: boolean;
  /** Appealed after the four weeks of pasient- og brukerrettighetsloven § 7-5 (see appeal-period.ts); false when not appealed. */
  appealLate: boolean;
  /** Whether the decision says it told the user of the right to appeal; null when it does not say. */
  appealInformationGiven: boolean | null;
  /** Options in the evidence's presentations marked `available: false`: named, but not real alternatives. */
  unavailableOptionsPresented: number;
  /** Read from the whole stream: the latest follow-up after the transfer that carried out this decision. */
  followUp: FollowUpOutcome | null;
  lateRegistrations: LateRegistration[];
  ruleVersion: number;
}

export interface AssessmentOptions {
  pseudonymize(nationalId: string): string;
}

const USER_VIEW_SOURCES: ReadonlySet<WishSource> = new Set(['user', 'guardian', 'relative', 'advocate']);

const isAvailable = (option: OptionsPresented['options'][number]): boolean => option.available !== false;

/** At least two distinct service types among the options that can actually be had. */
const offersAlternatives = (presentation: OptionsPresented): boolean =>
  new Set(presentation.options.filter(isAvailable).map((option) => option.serviceType)).size >= 2;

/** Resolved through the presentations in the evidence; undefined when the option is not among them. */
const chosenServiceType = (
  choice: UserChoiceRecorded,
  presentations: readonly OptionsPresented[],
): ServiceType | undefined =>
  presentations
    .findLast((presentation) => presentation.presentationId === choice.presentationId)
    ?.options.find((option) => option.optionId === choice.optionId)?.serviceType;

/** `deciding`: the deciding choice, as the domain's deviation-reason invariant reads it ("latest" is the last recorded). */
const conditionsFor = (
  decision: AllocationDecided,
  presentations: readonly OptionsPresented[],
  choices: readonly UserChoiceRecorded[],
  deciding: UserChoiceRecorded | undefined,
): Conditions => {
  const withAlternatives = presentations.filter(offersAlternatives);
  return {
    alternativesPresented: withAlternatives.length > 0,
    consequencesExplained:
      withAlternatives.at(-1)?.options.every((option) => option.consequences.trim() !== '') ?? false,
    preferenceRecorded: choices.some((choice) => choice.statedBy === 'user' || choice.statedBy === 'guardian'),
    // With no choice the preference is unknown, so the decision cannot be said to follow it.
    decisionFollowsPreference:
      deciding !== undefined && chosenServiceType(deciding, presentations) === decision.serviceType,
  };
};

/** From the latest readiness in the evidence (in the world's order); null when none, or when it was revoked since. */
const daysFromReadiness = (evidence: readonly CaseEventRecord[], decidedAt: Instant): number | null => {
  const latest = inWorldOrder(
    evidence.filter((record) => record.type === 'DischargeReadinessDeclared' || record.type === 'DischargeReadinessRevoked'),
  ).at(-1);
  return latest?.type === 'DischargeReadinessDeclared' ? daysBetween(osloDateOf(latest.data.declaredAt), osloDateOf(decidedAt)) : null;
};

const ladderStepOf = (
  basis: Basis,
  decision: AllocationDecided,
  evidence: { alternativesInDialogue: boolean; userViewExpressed: boolean },
): LadderStep => {
  if (basis === 'written_notice') return evidence.userViewExpressed ? 'brukerdeltakelse' : 'brukerperspektiv';
  if (decision.decidedBy.role === 'user') return 'brukerstyring';
  return evidence.alternativesInDialogue ? 'brukerinnflytelse' : 'brukerdeltakelse';
};

const appealOf = (records: readonly CaseEventRecord[], decisionId: string): RecordOf<'DecisionAppealed'> | undefined =>
  ofType(records, 'DecisionAppealed').find((record) => record.data.decisionId === decisionId);

const followUpOf = (records: readonly CaseEventRecord[], decisionId: string): FollowUpOutcome | null => {
  const transfer = ofType(records, 'PatientTransferred').find((record) => record.data.decisionId === decisionId);
  if (transfer === undefined) return null;
  return inWorldOrder(ofType(records, 'FollowUpRecorded').filter((record) => record.revision > transfer.revision)).at(-1)?.data.outcome ?? null;
};

const assess = (
  records: readonly CaseEventRecord[],
  admission: RecordOf<'AdmissionNotified'>,
  decisionRecord: RecordOf<'AllocationDecided'>,
  options: AssessmentOptions,
): AllocationAssessment => {
  const decision = decisionRecord.data;
  const { evidence, recordedLate } = evidenceOf(records, decisionRecord);
  const dialogues = ofType(evidence, 'MunicipalVisitConducted')
    .map((record) => record.data)
    .filter(isCountedDialogue);
  const presentations = ofType(evidence, 'OptionsPresented').map((record) => record.data);
  const choices = ofType(evidence, 'UserChoiceRecorded').map((record) => record.data);
  const wishes = ofType(evidence, 'UserWishRelayed').map((record) => record.data);
  const recommendation = ofType(evidence, 'HospitalRecommendationGiven').at(-1)?.data;

  const basis: Basis = dialogues.length > 0 ? 'direct_dialogue' : 'written_notice';
  const level: Level = basis === 'direct_dialogue' ? 'innflytelse' : 'deltakelse';

  const dialogueIds = new Set(dialogues.map((dialogue) => dialogue.visitId));
  const ladderStep = ladderStepOf(basis, decision, {
    alternativesInDialogue: presentations.some(
      (presentation) =>
        presentation.channel === 'in_dialogue' &&
        presentation.visitId !== undefined &&
        dialogueIds.has(presentation.visitId) &&
        offersAlternatives(presentation),
    ),
    userViewExpressed: wishes.some((wish) => USER_VIEW_SOURCES.has(wish.source)) || choices.length > 0,
  });

  const deciding = decidingChoice(choices);
  const conditions = conditionsFor(decision, presentations, choices, deciding);
  const appeal = appealOf(records, decision.decisionId);
  const missingConditions = CONDITION_NAMES.filter((name) => !conditions[name]);

  return {
    caseId: admission.data.caseId,
    decisionId: decision.decisionId,
    decidedAt: decision.decidedAt,
    serviceType: decision.serviceType,
    municipalityCode: admission.data.municipalityCode,
    hospitalOrgNumber: admission.data.hospital.orgNumber,
    patientPseudonym: options.pseudonymize(admission.data.patient.nationalId),
    basis,
    level,
    ladderStep,
    conditions,
    influenceQuality: level === 'innflytelse' ? (missingConditions.length === 0 ? 'full' : 'partial') : null,
    missingConditions,
    proxyChoice: deciding !== undefined && isProxyChoice(deciding),
    dialogueModes: dialogueModes(dialogues),
    support: supportIn(dialogues),
    professionalsPresent: professionalsPresent(dialogues),
    followedHospitalRecommendation: recommendation ? recommendation.serviceType === decision.serviceType : null,
    deviationCategory: decision.deviationReason?.category ?? null,
    participationDeclined: evidence.some((record) => record.type === 'UserDeclinedDialogue'),
    daysFromReadinessToDecision: daysFromReadiness(evidence, decision.decidedAt),
    appealed: appeal !== undefined,
    appealLate: appeal !== undefined && isAppealLate(decision.decidedAt, appeal.data.appealedAt),
    appealInformationGiven: decision.appealInformationGiven ?? null,
    unavailableOptionsPresented: presentations.flatMap((presentation) => presentation.options).filter((option) => !isAvailable(option))
      .length,
    followUp: followUpOf(records, decision.decisionId),
    lateRegistrations: recordedLate.map((record) => ({
      type: record.type,
      occurredAt: factTime(record),
      recordedAt: record.recordedAt,
    })),
    ruleVersion: RULE_VERSION,
  };
};

/**
 * One assessment per `AllocationDecided`, in stream order. `events` is one case's complete stream, in any order;
 * anything else is refused with an `InvalidCaseHistoryError` (a record names no case, so none can be filtered out).
 */
export const assessAllocations = (
  events: readonly CaseEventRecord[],
  options: AssessmentOptions,
): AllocationAssessment[] => {
  if (events.length === 0) return [];
  const { admission, records } = caseStream(events);
  return ofType(records, 'AllocationDecided').map((decision) => assess(records, admission, decision, options));
};
