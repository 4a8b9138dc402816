import { foldCase } from '#libs/domain/transfer-case/state.js';
import { rememberedPseudonyms } from '../remembered-pseudonyms.js';
import { column, defineCaseProjection, type CaseProjection } from '../runtime/case-projection.js';

export const PATIENT_CASES = 'patient_cases';

interface PatientCase {
  readonly caseId: string;
  readonly patientKey: string;
  readonly hospitalOrgNumber: string;
  readonly municipalityCode: string;
  readonly open: boolean;
}

/** Bump when the table or the row changes: the runtime rebuilds it. */
const VERSION = 1;

/**
 * Which cases a patient has, by a keyed pseudonym of the national ID (never the number itself): the intake of hospital
 * e-messages finds the case a message is about here, whether the case was opened through the API or by a message.
 */
export const patientCasesProjection = (pseudonymSecret: string): CaseProjection => {
  const pseudonymize = rememberedPseudonyms(pseudonymSecret);
  return defineCaseProjection<PatientCase>({
    name: 'patient_cases',
    version: VERSION,
    tables: [
      {
        name: PATIENT_CASES,
        columns: {
          case_id: column<PatientCase>('text PRIMARY KEY', (c) => c.caseId),
          patient_key: column<PatientCase>('text NOT NULL', (c) => c.patientKey),
          hospital_org_number: column<PatientCase>('text NOT NULL', (c) => c.hospitalOrgNumber),
          municipality_code: column<PatientCase>('text NOT NULL', (c) => c.municipalityCode),
          open: column<PatientCase>('boolean NOT NULL', (c) => c.open),
        },
        queryIndexes: (name, prefix) => [`CREATE INDEX IF NOT EXISTS ${prefix}_patient ON ${name} (patient_key)`],
      },
    ],
    items: (history) => {
      const state = foldCase(history);
      const { admission } = state;
      if (!admission) return [];
      return [
        {
          caseId: admission.caseId,
          patientKey: pseudonymize(admission.patient.nationalId),
          hospitalOrgNumber: admission.hospital.orgNumber,
          municipalityCode: admission.municipalityCode,
          open: state.closure === null,
        },
      ];
    },
  });
};
