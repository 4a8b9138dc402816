import { isValidMunicipalityCode } from '#libs/domain/identifiers/municipality-code.js';
import { checkNationalId } from '#libs/domain/identifiers/national-id.js';
import { isValidOrganisationNumber } from '#libs/domain/identifiers/organisation-number.js';
import type { NotifyAdmission } from './commands.js';
import { accept, definedOnly, refuse, type DecideContext, type DecideResult } from './decide-result.js';
import type { AdmissionNotified } from './events.js';
import { isSameData } from './same-data.js';
import type { TransferCaseState } from './state.js';
import { osloDate } from './time.js';
import { checkTexts } from './text-rules.js';
import { checkTimes } from './time-rules.js';

const isFunctionalScore = (score: number): boolean => Number.isInteger(score) && score >= 1 && score <= 5;

/** The refusal of an assessment with a score that is not a whole number 1–5, or null. */
export const checkFunctionalAssessment = (assessment: Record<string, number> | undefined): DecideResult | null => {
  const badScore = Object.entries(assessment ?? {}).find(([, score]) => !isFunctionalScore(score));
  if (badScore === undefined) return null;
  const [variable, score] = badScore;
  return refuse('functional-score-out-of-range', `functionalAssessment.${variable} is ${score}, not a whole number 1–5`);
};

export const notifyAdmission = (
  command: NotifyAdmission,
  state: TransferCaseState,
  context: DecideContext,
): DecideResult => {
  const {
    caseId,
    patient,
    hospital,
    municipalityCode,
    admittedAt,
    needIdentifiedAt,
    expectedNeeds,
    functionalAssessment,
    expectedReadyDate,
    wantedServices,
  } = command;
  const data: AdmissionNotified = definedOnly({
    caseId,
    patient: { nationalId: patient.nationalId, name: patient.name },
    hospital: { orgNumber: hospital.orgNumber, name: hospital.name, department: hospital.department },
    municipalityCode,
    admittedAt,
    needIdentifiedAt,
    expectedNeeds,
    functionalAssessment,
    expectedReadyDate,
    wantedServices,
  });

  if (state.admission !== null) {
    return isSameData(state.admission, data)
      ? accept()
      : refuse('case-already-exists', `Case ${caseId} already exists with another admission`);
  }

  const nationalId = checkNationalId(patient.nationalId, {
    allowSynthetic: context.allowSyntheticIds,
    today: osloDate(context.now),
  });
  if (!nationalId.valid) {
    return refuse('invalid-national-id', `patient.nationalId is not a valid fødselsnummer or D-number (${nationalId.reason})`);
  }
  if (!isValidOrganisationNumber(hospital.orgNumber)) {
    return refuse('invalid-org-number', `hospital.orgNumber "${hospital.orgNumber}" is not a valid organisation number`);
  }
  if (!isValidMunicipalityCode(municipalityCode)) {
    return refuse('invalid-municipality-code', `municipalityCode "${municipalityCode}" is not 4 digits`);
  }
  const badScore = checkFunctionalAssessment(functionalAssessment);
  if (badScore) return badScore;

  const event = { type: 'AdmissionNotified', data } as const;
  const violation = checkTimes(command.occurredAt, [event], admittedAt, context.now) ?? checkTexts([event]);
  return violation === null ? accept(event) : { ok: false, error: violation };
};
