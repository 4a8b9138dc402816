import { LRUCache } from 'lru-cache';
import {
  RULE_VERSION,
  assessAllocations,
  type AllocationAssessment,
} from '#libs/domain/participation/allocation-assessment.js';
import { pseudonymizeNationalId } from '#libs/domain/participation/pseudonym.js';
import type { CaseProjection, ProjectedRow, ReadModelTable } from '../runtime/case-projection.js';

export const ALLOCATION_ASSESSMENTS = 'allocation_assessments';

/** Bump when the table changes. A new RULE_VERSION changes the projection's version too, so history is re-assessed. */
const TABLE_VERSION = 2;

/** One column per filter and group of the audit queries; the whole assessment rides along as jsonb. */
const COLUMNS = [
  'case_id',
  'decision_id',
  'decided_at',
  'service_type',
  'municipality_code',
  'hospital_org_number',
  'level',
  'ladder_step',
  'influence_quality',
  'appealed',
  'days_from_readiness_to_decision',
  'appeal_information_given',
  'assessment',
] as const;

const row = (assessment: AllocationAssessment): ProjectedRow => [
  assessment.caseId,
  assessment.decisionId,
  assessment.decidedAt,
  assessment.serviceType,
  assessment.municipalityCode,
  assessment.hospitalOrgNumber,
  assessment.level,
  assessment.ladderStep,
  assessment.influenceQuality,
  assessment.appealed,
  assessment.daysFromReadinessToDecision,
  assessment.appealInformationGiven,
  assessment,
];

/**
 * Every index serves the one keyset order of `/audit/allocations` (decided_at, case_id, decision_id), either over
 * everything (auditors with `*`) or within one municipality or hospital; level and ladder step filter what they scan.
 */
const table: ReadModelTable = {
  name: ALLOCATION_ASSESSMENTS,
  columns: COLUMNS,
  ddl: (name, prefix) => [
    `CREATE TABLE ${name} (
      case_id text NOT NULL,
      decision_id text NOT NULL,
      decided_at timestamptz NOT NULL,
      service_type text NOT NULL,
      municipality_code text NOT NULL,
      hospital_org_number text NOT NULL,
      level text NOT NULL,
      ladder_step text NOT NULL,
      influence_quality text,
      appealed boolean NOT NULL,
      days_from_readiness_to_decision integer,
      appeal_information_given boolean,
      assessment jsonb NOT NULL,
      PRIMARY KEY (case_id, decision_id)
    )`,
  ],
  queryIndexes: (name, prefix) => [
    `CREATE INDEX IF NOT EXISTS ${prefix}_decided ON ${name} (decided_at, case_id, decision_id)`,
    `CREATE INDEX IF NOT EXISTS ${prefix}_municipality ON ${name} (municipality_code, decided_at, case_id, decision_id)`,
    `CREATE INDEX IF NOT EXISTS ${prefix}_hospital ON ${name} (hospital_org_number, decided_at, case_id, decision_id)`,
  ],
};

/** `AllocationAssessment` (participation.md): one row per `AllocationDecided`, the patient only as a keyed pseudonym. */
export const allocationAssessmentProjection = (pseudonymSecret: string): CaseProjection => {
  // A case is projected again with every batch that touches it: its patient's HMAC is remembered, not recomputed.
  const pseudonyms = new LRUCache<string, string>({ max: 50_000 });
  const pseudonymize = (nationalId: string): string => {
    let pseudonym = pseudonyms.get(nationalId);
    if (pseudonym === undefined) {
      pseudonym = pseudonymizeNationalId(pseudonymSecret, nationalId);
      pseudonyms.set(nationalId, pseudonym);
    }
    return pseudonym;
  };
  const options = { pseudonymize };
  return {
    name: 'participation',
    version: TABLE_VERSION * 1000 + RULE_VERSION,
    tables: [table],
    project: (history) => ({ [ALLOCATION_ASSESSMENTS]: assessAllocations(history, options).map(row) }),
  };
};
