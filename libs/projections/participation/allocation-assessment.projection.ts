import {
  RULE_VERSION,
  assessAllocations,
  type AllocationAssessment,
} from '#libs/domain/participation/allocation-assessment.js';
import { rememberedPseudonyms } from '../remembered-pseudonyms.js';
import { column, defineCaseProjection, type CaseProjection } from '../runtime/case-projection.js';

export const ALLOCATION_ASSESSMENTS = 'allocation_assessments';

/** Bump when the table changes. A new RULE_VERSION changes the projection's version too, so history is re-assessed. */
const TABLE_VERSION = 2;

type Item = AllocationAssessment;

/** One column per filter and group of the audit queries; the whole assessment rides along as jsonb. */
const COLUMNS = {
  case_id: column<Item>('text NOT NULL', (a) => a.caseId),
  decision_id: column<Item>('text NOT NULL', (a) => a.decisionId),
  decided_at: column<Item>('timestamptz NOT NULL', (a) => a.decidedAt),
  service_type: column<Item>('text NOT NULL', (a) => a.serviceType),
  municipality_code: column<Item>('text NOT NULL', (a) => a.municipalityCode),
  hospital_org_number: column<Item>('text NOT NULL', (a) => a.hospitalOrgNumber),
  level: column<Item>('text NOT NULL', (a) => a.level),
  ladder_step: column<Item>('text NOT NULL', (a) => a.ladderStep),
  influence_quality: column<Item>('text', (a) => a.influenceQuality),
  appealed: column<Item>('boolean NOT NULL', (a) => a.appealed),
  days_from_readiness_to_decision: column<Item>('integer', (a) => a.daysFromReadinessToDecision),
  appeal_information_given: column<Item>('boolean', (a) => a.appealInformationGiven),
  assessment: column<Item>('jsonb NOT NULL', (a) => a),
};

/** `AllocationAssessment` (participation.md): one row per `AllocationDecided`, the patient only as a keyed pseudonym. */
export const allocationAssessmentProjection = (pseudonymSecret: string): CaseProjection => {
  // A case is projected again with every batch that touches it: its patient's HMAC is remembered, not recomputed.
  const options = { pseudonymize: rememberedPseudonyms(pseudonymSecret) };
  return defineCaseProjection<Item>({
    name: 'participation',
    version: TABLE_VERSION * 1000 + RULE_VERSION,
    tables: [
      {
        name: ALLOCATION_ASSESSMENTS,
        columns: COLUMNS,
        constraints: ['PRIMARY KEY (case_id, decision_id)'],
        // Every index serves the one keyset order of `/audit/allocations` (decided_at, case_id, decision_id), either over
        // everything (auditors with `*`) or within one municipality or hospital; level and ladder step filter what they scan.
        queryIndexes: (name, prefix) => [
          `CREATE INDEX IF NOT EXISTS ${prefix}_decided ON ${name} (decided_at, case_id, decision_id)`,
          `CREATE INDEX IF NOT EXISTS ${prefix}_municipality ON ${name} (municipality_code, decided_at, case_id, decision_id)`,
          `CREATE INDEX IF NOT EXISTS ${prefix}_hospital ON ${name} (hospital_org_number, decided_at, case_id, decision_id)`,
        ],
      },
    ],
    items: (history) => assessAllocations(history, options),
  });
};
