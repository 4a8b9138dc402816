import type pg from 'pg';
import { loadCase, type LoadedCase } from '#libs/application/case-events.js';
import type { EventStore } from '#libs/event-store/event-store.port.js';
import type { CaseAtHand } from '../mapping/plan.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

export interface CaseQuery {
  readonly patientKey: string;
  readonly nationalId: string;
  readonly municipalityCode: string;
  /** Only cases from this hospital; all hospitals when undefined (a death notice may come from another sender). */
  readonly hospitalOrgNumber?: string;
  /** A case to consider whatever the indexes say (the one this message opened, when retried after a crash). */
  readonly alsoCaseId?: string;
}

/**
 * The cases of a patient. Candidates come from two indexes by patient key: the cases the intake opened (written in
 * the same transaction as the message, so the patient's next message finds them at once) and the `patient_cases`
 * read model of every case (those opened through the API, once the worker has projected them). Each candidate is
 * then read from the event store, the truth, and kept only when it is the same patient, municipality and hospital.
 */
export const casesOfPatient = async (
  db: Queryable,
  readModels: Queryable,
  store: EventStore,
  query: CaseQuery,
  /** Every stream read here, by case id, kept or not (the caller records on one of them). */
  read: Map<string, LoadedCase> = new Map(),
): Promise<CaseAtHand[]> => {
  const [links, projected] = await Promise.all([
    db.query<{ case_id: string }>('SELECT case_id FROM intake.case_links WHERE patient_key = $1', [query.patientKey]),
    projectedCases(readModels, query.patientKey),
  ]);
  const ids = new Set([...links.rows.map((row) => row.case_id), ...projected]);
  if (query.alsoCaseId) ids.add(query.alsoCaseId);
  const loaded = await Promise.all(
    [...ids].map(async (caseId) => {
      const loaded = await loadCase(store, caseId);
      read.set(caseId, loaded);
      return { caseId, state: loaded.state };
    }),
  );
  return loaded.filter(({ state: { admission } }) =>
    admission !== null &&
    admission.patient.nationalId === query.nationalId &&
    admission.municipalityCode === query.municipalityCode &&
    (query.hospitalOrgNumber === undefined || admission.hospital.orgNumber === query.hospitalOrgNumber),
  );
};

const READ_MODEL_CHECK_MS = 30_000;
const readModelSeen = new WeakMap<Queryable, { exists: boolean; at: number }>();

/** From the read model when the worker keeps it; none while it does not exist (looked for every 30 s). */
const projectedCases = async (readModels: Queryable, patientKey: string): Promise<string[]> => {
  const seen = readModelSeen.get(readModels);
  if (!seen || (!seen.exists && Date.now() - seen.at > READ_MODEL_CHECK_MS)) {
    const { rows } = await readModels.query<{ exists: boolean }>(`SELECT to_regclass('read_models.patient_cases') IS NOT NULL AS exists`);
    readModelSeen.set(readModels, { exists: rows[0]!.exists, at: Date.now() });
  }
  if (!readModelSeen.get(readModels)!.exists) return [];
  try {
    const { rows } = await readModels.query<{ case_id: string }>('SELECT case_id FROM read_models.patient_cases WHERE patient_key = $1', [
      patientKey,
    ]);
    return rows.map((row) => row.case_id);
  } catch {
    readModelSeen.delete(readModels);
    return [];
  }
};
