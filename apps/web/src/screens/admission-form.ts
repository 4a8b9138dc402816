import { checkNationalId, type NationalIdInvalidReason } from '#libs/domain/identifiers/national-id.js';
import { isValidMunicipalityCode } from '#libs/domain/identifiers/municipality-code.js';
import type { FieldSpec } from '../components/command-form-model';
import { osloLocalToInstant } from '../format/format';
import { MUNICIPALITIES } from '../format/names';

/** What the nurse fills in; the hospital (number and name) comes from the sign-in, not from the form. */
export interface AdmissionValues {
  nationalId: string;
  name: string;
  department: string;
  municipalityCode: string;
  admittedAt: string;
  expectedNeeds: string;
  /** Only when the sign-in's organisation is not in the name table. */
  hospitalName: string;
}

export interface Hospital {
  readonly orgNumber: string;
  /** Null when the name table does not know the organisation: the form then asks for it. */
  readonly name: string | null;
}

const NATIONAL_ID_MESSAGES: Record<NationalIdInvalidReason, string> = {
  not_11_digits: 'Fødselsnummeret må ha 11 sifre',
  control_digits: 'Kontrollsifrene stemmer ikke (mod 11). Sjekk at nummeret er skrevet riktig.',
  synthetic_not_allowed: 'Syntetiske testnumre er ikke tillatt',
  individual_number_out_of_range: 'Individnummeret passer ikke med fødselsåret',
  no_such_date: 'Fødselsdatoen i nummeret finnes ikke',
  born_after_today: 'Fødselsdatoen er fram i tid',
};

/** The form's fields, with the API's paths so its field errors land beside them. */
export const admissionFields = (hospital: Hospital): FieldSpec[] => [
  { kind: 'text', name: 'nationalId', label: 'Fødselsnummer eller D-nummer', apiField: 'patient.nationalId', required: true, missing: 'Fyll ut fødselsnummer eller D-nummer' },
  { kind: 'text', name: 'name', label: 'Pasientens navn', apiField: 'patient.name', required: true },
  ...(hospital.name === null ? [{ kind: 'text', name: 'hospitalName', label: 'Sykehusets navn', apiField: 'hospital.name', required: true } as FieldSpec] : []),
  { kind: 'text', name: 'department', label: 'Avdeling', apiField: 'hospital.department', required: true },
  {
    kind: 'select',
    name: 'municipalityCode',
    label: 'Pasientens oppholdskommune',
    options: Object.fromEntries(Object.entries(MUNICIPALITIES).map(([code, name]) => [code, name])),
    required: true,
    missing: 'Velg kommune',
  },
  { kind: 'datetime', name: 'admittedAt', label: 'Innlagt (norsk tid)', required: true, missing: 'Velg når pasienten ble innlagt' },
  { kind: 'textarea', name: 'expectedNeeds', label: 'Forventede behov etter utskrivning', required: true, missing: 'Beskriv forventede behov etter utskrivning' },
];

/** The checks the API makes, before sending, in bokmål; keyed by the form's field names. */
export const validateAdmission = (values: AdmissionValues): Record<string, string> => {
  const errors: Record<string, string> = {};
  const nationalId = values.nationalId.replace(/\s/g, '');
  const check = checkNationalId(nationalId, { allowSynthetic: true });
  if (nationalId && !check.valid) errors.nationalId = NATIONAL_ID_MESSAGES[check.reason];
  if (values.municipalityCode && !isValidMunicipalityCode(values.municipalityCode)) errors.municipalityCode = 'Velg kommune';
  if (values.admittedAt && !osloLocalToInstant(values.admittedAt)) errors.admittedAt = 'Skriv et gyldig tidspunkt';
  return errors;
};

export const admissionBody = (values: AdmissionValues, hospital: Hospital, caseId: string) => ({
  caseId,
  patient: { nationalId: values.nationalId.replace(/\s/g, ''), name: values.name.trim() },
  hospital: { orgNumber: hospital.orgNumber, name: hospital.name ?? values.hospitalName.trim(), department: values.department.trim() },
  municipalityCode: values.municipalityCode,
  admittedAt: osloLocalToInstant(values.admittedAt)!,
  expectedNeeds: values.expectedNeeds.trim(),
});
