import type { AllocationAssessment } from '#libs/domain/participation/allocation-assessment.js';

type Cell = string | number | boolean | null;

/** The columns of `/audit/allocations.csv`: every field of the assessment, nested ones flattened with a dot. */
const COLUMNS: readonly (readonly [header: string, value: (assessment: AllocationAssessment) => Cell])[] = [
  ['caseId', (a) => a.caseId],
  ['decisionId', (a) => a.decisionId],
  ['decidedAt', (a) => a.decidedAt],
  ['serviceType', (a) => a.serviceType],
  ['municipalityCode', (a) => a.municipalityCode],
  ['hospitalOrgNumber', (a) => a.hospitalOrgNumber],
  ['patientPseudonym', (a) => a.patientPseudonym],
  ['basis', (a) => a.basis],
  ['level', (a) => a.level],
  ['ladderStep', (a) => a.ladderStep],
  ['conditions.alternativesPresented', (a) => a.conditions.alternativesPresented],
  ['conditions.consequencesExplained', (a) => a.conditions.consequencesExplained],
  ['conditions.preferenceRecorded', (a) => a.conditions.preferenceRecorded],
  ['conditions.decisionFollowsPreference', (a) => a.conditions.decisionFollowsPreference],
  ['influenceQuality', (a) => a.influenceQuality],
  ['missingConditions', (a) => a.missingConditions.join(';')],
  ['proxyChoice', (a) => a.proxyChoice],
  ['dialogueModes', (a) => a.dialogueModes.join(';')],
  ['support.relative', (a) => a.support.relative],
  ['support.advocate', (a) => a.support.advocate],
  ['support.advocateIndependent', (a) => a.support.advocateIndependent],
  ['support.peerWorker', (a) => a.support.peerWorker],
  ['support.interpreter', (a) => a.support.interpreter],
  ['professionalsPresent', (a) => a.professionalsPresent],
  ['followedHospitalRecommendation', (a) => a.followedHospitalRecommendation],
  ['deviationCategory', (a) => a.deviationCategory],
  ['participationDeclined', (a) => a.participationDeclined],
  ['daysFromReadinessToDecision', (a) => a.daysFromReadinessToDecision],
  ['appealed', (a) => a.appealed],
  ['appealLate', (a) => a.appealLate],
  ['appealInformationGiven', (a) => a.appealInformationGiven],
  ['unavailableOptionsPresented', (a) => a.unavailableOptionsPresented],
  ['followUp', (a) => a.followUp],
  ['lateRegistrations', (a) => a.lateRegistrations.map((late) => `${late.type}@${late.recordedAt}`).join(';')],
  ['ruleVersion', (a) => a.ruleVersion],
];

/** A spreadsheet would run a cell starting with one of these as a formula (or strip the whitespace and then do so). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV field (RFC 4180), defused against formula injection by a leading apostrophe. Empty for null. */
export const csvCell = (value: Cell): string => {
  if (value === null) return '';
  const text = String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

const line = (cells: readonly Cell[]): string => `${cells.map(csvCell).join(',')}\r\n`;

export const CSV_HEADER = line(COLUMNS.map(([header]) => header));

export const csvLine = (assessment: AllocationAssessment): string => line(COLUMNS.map(([, value]) => value(assessment)));
