import { describe, expect, it } from 'vitest';
import type { CaseRead } from '../api/types';
import { formFieldFor, missingRequired } from './command-form-model';
import { availableCommands, needsDeviationReason } from './commands';

const view = (overrides: Partial<CaseRead> = {}): CaseRead =>
  ({
    caseId: 'c1',
    status: 'awaiting_decision',
    readySince: '2026-01-15T09:00:00Z',
    visits: [],
    openPresentation: null,
    latestChoice: null,
    decidingChoice: null,
    latestDecision: null,
    transfer: null,
    withdrawal: null,
    revision: 3,
    ...overrides,
  }) as CaseRead;

const ids = (ctx: Parameters<typeof availableCommands>[0]) => availableCommands(ctx).map((spec) => spec.id);

describe('which commands a role is offered', () => {
  it('offers the hospital readiness before it is declared and revocation after', () => {
    expect(ids({ view: view({ readySince: null }), role: 'hospital_staff' })).toContain('readiness');
    expect(ids({ view: view(), role: 'hospital_staff' })).toContain('revoke');
    expect(ids({ view: view(), role: 'hospital_staff' })).not.toContain('decide');
  });

  it('offers the office a choice only on an open presentation, transfer and appeal only after a decision', () => {
    const office = ids({ view: view(), role: 'allocation_officer' });
    expect(office).toContain('decide');
    expect(office).not.toContain('choice');
    expect(office).not.toContain('transfer');
    const decided = view({
      latestDecision: { decisionId: 'd1', serviceType: 'home_care', startDate: '2026-01-20', decidedAt: '2026-01-16T10:00:00Z', appealed: false },
    });
    expect(ids({ view: decided, role: 'allocation_officer' })).toEqual(expect.arrayContaining(['transfer', 'appeal']));
  });

  it('offers only the follow-up and an appeal not yet recorded after a transfer, and nothing to an auditor', () => {
    const transferred = view({ status: 'transferred', transfer: { transferredAt: '2026-01-20T10:00:00Z', decisionId: 'd1' } });
    expect(ids({ view: transferred, role: 'allocation_officer' })).toEqual(['follow-up']);
    const latestDecision = { decisionId: 'd1', serviceType: 'home_care', startDate: '2026-01-20', decidedAt: '2026-01-16T10:00:00Z' } as const;
    const decided = view({ ...transferred, latestDecision: { ...latestDecision, appealed: false } });
    expect(ids({ view: decided, role: 'allocation_officer' })).toEqual(['follow-up', 'appeal']);
    const appealed = view({ ...transferred, latestDecision: { ...latestDecision, appealed: true } });
    expect(ids({ view: appealed, role: 'allocation_officer' })).toEqual(['follow-up']);
    expect(ids({ view: transferred, role: 'hospital_staff' })).toEqual([]);
    expect(ids({ view: view(), role: 'quality_auditor' })).toEqual([]);
  });
});

describe('the decision form', () => {
  const userChoice = { presentationId: 'p', optionId: 'o', serviceType: 'short_term_stay', statedBy: 'user' } as const;
  const chose = view({ latestChoice: userChoice, decidingChoice: userChoice });
  const decide = availableCommands({ view: chose, role: 'allocation_officer' }).find((spec) => spec.id === 'decide')!;
  const ctx = { view: chose, role: 'allocation_officer' as const };

  it("does not let a relative's later statement decide: the user's own choice does", () => {
    const relative = view({ latestChoice: { ...userChoice, optionId: 'o2', serviceType: 'home_care', statedBy: 'relative' }, decidingChoice: userChoice });
    expect(needsDeviationReason(relative, 'home_care')).toBe(true);
    expect(needsDeviationReason(relative, 'short_term_stay')).toBe(false);
  });

  it('demands a deviation reason exactly when the decision differs from the deciding choice', () => {
    expect(needsDeviationReason(chose, 'short_term_stay')).toBe(false);
    expect(needsDeviationReason(chose, 'home_care')).toBe(true);
    expect(needsDeviationReason(view(), 'home_care')).toBe(false);
    const fields = decide.fields(ctx, { serviceType: 'home_care' }).map((field) => field.name);
    expect(fields).toEqual(expect.arrayContaining(['deviationCategory', 'deviationText']));
    expect(missingRequired(decide.fields(ctx, { serviceType: 'home_care' }), { serviceType: 'home_care' })).toHaveProperty('deviationCategory');
  });

  it('sends the deviation reason as the API names it, and none when the decision follows the choice', () => {
    const values = { serviceType: 'home_care', startDate: '2026-01-20', decidedBy: 'municipal_caseworker', rationale: 'r', deviationCategory: 'capacity', deviationText: 't' };
    expect(decide.body(values, ctx)).toMatchObject({ deviationReason: { category: 'capacity', text: 't' }, decidedBy: { role: 'municipal_caseworker' } });
    expect(decide.body({ ...values, serviceType: 'short_term_stay' }, ctx).deviationReason).toBeUndefined();
  });

  it('places the API field errors beside the form fields', () => {
    const fields = decide.fields(ctx, { serviceType: 'home_care' });
    expect(formFieldFor('deviationReason.text', fields)).toBe('deviationText');
    expect(formFieldFor('decidedBy.role', fields)).toBe('decidedBy');
    expect(formFieldFor('rationale', fields)).toBe('rationale');
    expect(formFieldFor('nothing', fields)).toBeNull();
  });
});

describe('the visit form', () => {
  it('requires a municipal representative among the participants', () => {
    const record = availableCommands({ view: view(), role: 'allocation_officer' }).find((spec) => spec.id === 'record-visit')!;
    const ctx = { view: view(), role: 'allocation_officer' as const };
    expect(record.validate!({ participants: ['user'] }, ctx)).toHaveProperty('participants');
    expect(record.validate!({ participants: ['user', 'municipal_caseworker'] }, ctx)).toEqual({});
    expect(record.body({ participants: ['user', 'municipal_caseworker'], mode: 'video', informationGiven: 'i' }, ctx)).toMatchObject({
      participants: [{ role: 'user' }, { role: 'municipal_caseworker' }],
    });
  });
});
