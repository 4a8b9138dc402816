import { caseScopeFilter, isInScope } from './case-scope.js';
import type { Principal } from './principal.js';

const owner = { municipalityCode: '3301', hospitalOrgNumber: '974749025' };
const principal = (role: Principal['role'], org: string): Principal => ({ sub: 's', name: null, role, org });

describe('case scope', () => {
  it.each([
    ['hospital_staff', '974749025', true],
    ['hospital_staff', '983974899', false],
    ['allocation_officer', '3301', true],
    ['allocation_officer', '0301', false],
    ['quality_auditor', '3301', true],
    ['quality_auditor', '*', true],
    ['quality_auditor', '0301', false],
    ['admin', '*', false],
  ] as const)('%s of %s sees the case: %s', (role, org, expected) => {
    expect(isInScope(principal(role, org), owner)).toBe(expected);
  });

  it.each([
    ['hospital_staff', '974749025'],
    ['hospital_staff', '983974899'],
    ['allocation_officer', '3301'],
    ['allocation_officer', '0301'],
    ['quality_auditor', '3301'],
    ['quality_auditor', '*'],
    ['quality_auditor', '0301'],
    ['admin', '*'],
  ] as const)('as a list filter, %s of %s selects exactly the cases it sees', (role, org) => {
    const filter = caseScopeFilter(principal(role, org));
    const selected = filter !== null && Object.entries(filter).every(([field, value]) => owner[field as keyof typeof owner] === value);
    expect(selected).toBe(isInScope(principal(role, org), owner));
  });
});
