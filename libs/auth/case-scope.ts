import type { Principal } from './principal.js';

export interface CaseOwnership {
  readonly municipalityCode: string;
  readonly hospitalOrgNumber: string;
}

/**
 * Who may see a case at all (api.md, Identity), as the owner fields a case must have: staff their hospital's cases,
 * officers their municipality's, auditors theirs or (with `*`) every case (`{}`); null when the principal sees no case at
 * all. Lists filter by it; one case is judged by `isInScope`, which reads the same rule.
 */
export const caseScopeFilter = (principal: Principal): Partial<CaseOwnership> | null => {
  switch (principal.role) {
    case 'hospital_staff':
      return { hospitalOrgNumber: principal.org };
    case 'allocation_officer':
      return { municipalityCode: principal.org };
    case 'quality_auditor':
      return principal.org === '*' ? {} : { municipalityCode: principal.org };
    case 'admin':
    case 'message_gateway':
      return null;
  }
};

/** Whether the principal may see a case of this owner. Outside its scope a case answers 404, as if it did not exist. */
export const isInScope = (principal: Principal, owner: CaseOwnership): boolean => {
  const scope = caseScopeFilter(principal);
  return (
    scope !== null &&
    (scope.municipalityCode === undefined || scope.municipalityCode === owner.municipalityCode) &&
    (scope.hospitalOrgNumber === undefined || scope.hospitalOrgNumber === owner.hospitalOrgNumber)
  );
};
