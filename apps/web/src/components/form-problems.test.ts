import { describe, expect, it } from 'vitest';
import type { CaseRead } from '../api/types';
import { availableCommands } from './commands';
import { formProblems } from './form-problems';

const readiness = availableCommands({ view: { status: 'notified', readySince: null, latestDecision: null } as CaseRead, role: 'hospital_staff' }).find(
  (spec) => spec.id === 'readiness',
)!;
const fields = readiness.fields({} as never, {});
const idOf = (name: string) => `f-${name}`;

describe('the problems of a failed submit', () => {
  it('says the § 9 criteria problem once, on the fieldset', () => {
    const errors = readiness.validate!({ criteria: ['admissionProblemsClarified'] }, {} as never);
    const problems = formProblems(fields, errors, null, idOf);
    expect(problems.summary).toEqual([{ target: 'f-criteria', message: expect.stringMatching(/Alle fire vilkårene/) }]);
    expect(Object.keys(problems.byField)).toEqual(['criteria']);
  });

  it('places API field errors on their fields in bokmål, and refusals by a rule in the summary', () => {
    const placed = formProblems(fields, {}, { status: 400, title: 'Invalid input', errors: [{ field: 'criteria.diagnosisAndPlanSettled', message: 'must be true' }] }, idOf);
    expect(placed.byField.criteria).toBe('Vilkårene i § 9 er ikke gyldig');
    const refused = formProblems(fields, {}, { status: 409, title: 'Refused', rule: 'readiness-already-declared' }, idOf);
    expect(refused.summary).toEqual([{ target: null, message: 'Pasienten er allerede meldt utskrivningsklar.' }]);
    expect(refused.alert).toBeNull();
  });

  it('gives an unplaceable field error one general line, and a stale edit or a network failure an alert', () => {
    expect(formProblems(fields, {}, { status: 400, title: 'x', errors: [{ field: 'nope', message: 'x' }] }, idOf).summary).toEqual([
      { target: null, message: expect.stringMatching(/Kontroller skjemaet/) },
    ]);
    expect(formProblems(fields, {}, { status: 412, title: 'x' }, idOf).alert).toMatch(/Noen andre har endret saken/);
    expect(formProblems(fields, {}, { status: 0, title: 'x' }, idOf).alert).toMatch(/Får ikke kontakt/);
  });
});
