import { isInScope } from './case-scope.js';
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
});
