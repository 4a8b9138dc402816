import { CaseNotFoundError } from '#libs/application/case-command-errors.js';
import { isInScope } from '#libs/auth/case-scope.js';
import type { Principal } from '#libs/auth/principal.js';
import type { TransferCaseState } from '#libs/domain/transfer-case/state.js';

/** A case outside the caller's scope is answered exactly as one that does not exist (api.md, Identity). */
export const authorizeCase = (principal: Principal, caseId: string, state: TransferCaseState): void => {
  const admission = state.admission;
  if (!admission || !isInScope(principal, { municipalityCode: admission.municipalityCode, hospitalOrgNumber: admission.hospital.orgNumber })) {
    throw new CaseNotFoundError(caseId);
  }
};
