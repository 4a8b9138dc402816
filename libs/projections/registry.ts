import type { AppConfig } from '#libs/config/config.js';
import { caseSummaryProjection } from './case-summary/case-summary.projection.js';
import { allocationAssessmentProjection } from './participation/allocation-assessment.projection.js';
import { deadlineProjection } from './deadlines/deadline.projection.js';
import { liabilityProjection } from './liability/liability.projection.js';
import { patientCasesProjection } from './patient-cases/patient-cases.projection.js';
import type { CaseProjection } from './runtime/case-projection.js';

/** Every projection the runtime keeps: each process that runs projections, and `projections:rebuild`, reads this list. */
export const projectionsFor = (config: AppConfig): CaseProjection[] => [
  caseSummaryProjection(config.regulation),
  allocationAssessmentProjection(config.pseudonymSecret),
  deadlineProjection(config.regulation),
  liabilityProjection(config.regulation),
  patientCasesProjection(config.pseudonymSecret),
];
