import { checkNationalId, type NationalIdInvalidReason } from '#libs/domain/identifiers/national-id.js';
import { isValidMunicipalityCode } from '#libs/domain/identifiers/municipality-code.js';
import { isValidOrganisationNumber } from '#libs/domain/identifiers/organisation-number.js';
import { osloLocalToInstant } from '../format/format';

export interface AdmissionValues {
  nationalId: string;
  name: string;
  orgNumber: string;
  hospitalName: string;
  department: string;
  municipalityCode: string;
  admittedAt: string;
  expectedNeeds: string;
}

const NATIONAL_ID_MESSAGES: Record<NationalIdInvalidReason, string> = {
  not_11_digits: 'Fødselsnummeret må ha 11 sifre',
  control_digits: 'Kontrollsifrene stemmer ikke (mod 11). Sjekk at nummeret er skrevet riktig.',
  synthetic_not_allowed: 'Syntetiske testnumre er ikke tillatt',
  individual_number_out_of_range: 'Individnummeret passer ikke med fødselsåret',
  no_such_date: 'Fødselsdatoen i nummeret finnes ikke',
  born_after_today: 'Fødselsdatoen er fram i tid',
};

/** The checks the API makes on an admission notice, in bokmål, keyed by the API's field path. */
export const validateAdmission = (values: AdmissionValues): Record<string, string> => {
  const errors: Record<string, string> = {};
  const nationalId = values.nationalId.replace(/\s/g, '');
  const check = checkNationalId(nationalId, { allowSynthetic: true });
  if (!check.valid) errors['patient.nationalId'] = NATIONAL_ID_MESSAGES[check.reason];
  if (!values.name.trim()) errors['patient.name'] = 'Skriv pasientens navn';
  if (!isValidOrganisationNumber(values.orgNumber)) errors['hospital.orgNumber'] = 'Organisasjonsnummeret er ikke gyldig (9 sifre, mod 11)';
  if (!values.hospitalName.trim()) errors['hospital.name'] = 'Skriv sykehusets navn';
  if (!values.department.trim()) errors['hospital.department'] = 'Skriv avdelingen';
  if (!isValidMunicipalityCode(values.municipalityCode)) errors.municipalityCode = 'Kommunenummeret må ha 4 sifre';
  if (!osloLocalToInstant(values.admittedAt)) errors.admittedAt = 'Oppgi tidspunkt for innleggelse';
  if (!values.expectedNeeds.trim()) errors.expectedNeeds = 'Beskriv forventede behov etter utskrivning';
  return errors;
};

export const admissionBody = (values: AdmissionValues, caseId: string) => ({
  caseId,
  patient: { nationalId: values.nationalId.replace(/\s/g, ''), name: values.name.trim() },
  hospital: { orgNumber: values.orgNumber, name: values.hospitalName.trim(), department: values.department.trim() },
  municipalityCode: values.municipalityCode,
  admittedAt: osloLocalToInstant(values.admittedAt)!,
  expectedNeeds: values.expectedNeeds.trim(),
});
