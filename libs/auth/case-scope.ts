import type { Principal } from './principal.js';

export interface CaseOwnership {
  readonly municipalityCode: string;
  readonly hospitalOrgNumber: string;
}

/** Who may see a case at all (api.md, Identity). Outside this scope a case answers 404, as if it did not exist. */
export const isInScope = (principal: Principal, owner: CaseOwnership): boolean => {
  switch (principal.role) {
    case 'hospital_staff':
      return principal.org === owner.hospitalOrgNumber;
    case 'allocation_officer':
      return principal.org === owner.municipalityCode;
    case 'quality_auditor':
      return principal.org === '*' || principal.org === owner.municipalityCode;
    case 'admin':
    case 'message_gateway':
      return false;
  }
};

/**
 * The same scope as a filter on a list of cases: the owner fields a case must have (empty: every case), or null when
 * the principal sees no case at all.
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
