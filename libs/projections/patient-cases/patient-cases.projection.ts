import { pseudonymizeNationalId } from '#libs/domain/participation/pseudonym.js';
import { foldCase } from '#libs/domain/transfer-case/state.js';
import type { CaseProjection, ReadModelTable } from '../runtime/case-projection.js';

export const PATIENT_CASES = 'patient_cases';

/**
 * Which cases a patient has, by a keyed pseudonym of the national ID (never the number itself): the intake of hospital
 * e-messages finds the case a message is about here, whether the case was opened through the API or by a message.
 */
const table: ReadModelTable = {
  name: PATIENT_CASES,
  columns: ['case_id', 'patient_key', 'hospital_org_number', 'municipality_code', 'open'],
  ddl: (name) => [
    `CREATE TABLE ${name} (
      case_id text PRIMARY KEY,
      patient_key text NOT NULL,
      hospital_org_number text NOT NULL,
      municipality_code text NOT NULL,
      open boolean NOT NULL
    )`,
  ],
  queryIndexes: (name, prefix) => [`CREATE INDEX IF NOT EXISTS ${prefix}_patient ON ${name} (patient_key)`],
};

/** Bump when the table or the row changes: the runtime rebuilds it. */
const VERSION = 1;

export const patientCasesProjection = (pseudonymSecret: string): CaseProjection => ({
  name: 'patient_cases',
  version: VERSION,
  tables: [table],
  project: (history) => {
    const state = foldCase(history);
    const { admission } = state;
    if (!admission) return { [PATIENT_CASES]: [] };
    return {
      [PATIENT_CASES]: [
        [
          admission.caseId,
          pseudonymizeNationalId(pseudonymSecret, admission.patient.nationalId),
          admission.hospital.orgNumber,
          admission.municipalityCode,
          state.closure === null,
        ],
      ],
    };
  },
});
