import { describe, expect, it } from 'vitest';
import type { CaseRead } from '../api/types';
import { availableCommands } from '../components/commands';
import { nextSteps } from './next-steps';

const view = (overrides: Partial<CaseRead> = {}): CaseRead =>
  ({
    caseId: 'c1',
    status: 'notified',
    readySince: null,
    visits: [],
    openPresentation: null,
    latestChoice: null,
    latestDecision: null,
    hospitalRecommendation: null,
    municipalResponse: null,
    transfer: null,
    withdrawal: null,
    latestFollowUp: null,
    missedDeadlines: [],
    revision: 1,
    ...overrides,
  }) as CaseRead;

const first = (c: CaseRead, role: 'hospital_staff' | 'allocation_officer') => nextSteps(c, role)[0];

describe('the next step on a case', () => {
  it('after the nurse declares readiness, points to waiting for the municipality, not to revoking', () => {
    expect(first(view(), 'hospital_staff')?.command).toBe('readiness');
    const ready = view({ status: 'awaiting_decision', readySince: '2026-01-15T09:00:00Z' });
    expect(first(ready, 'hospital_staff')).toEqual({ text: expect.stringMatching(/Kommunen svarer og fatter vedtak/) });
  });

  it('leads the officer through response, visit, options, choice, decision and transfer', () => {
    const ready = view({ status: 'awaiting_decision', readySince: '2026-01-15T09:00:00Z' });
    expect(nextSteps(ready, 'allocation_officer').map((step) => step.command)).toEqual(['response', 'schedule-visit']);
    const answered = { ...ready, municipalResponse: { respondedAt: '', canReceive: true, expectedReadyDate: null, plannedTransferDate: null } };
    const visited = { ...answered, visits: [{ visitId: 'v', scheduledFor: null, location: null, conductedAt: '2026-01-16T09:00:00Z', mode: 'in_person' as const }] };
    expect(first(visited, 'allocation_officer')?.command).toBe('options');
    const presented = { ...visited, openPresentation: { presentationId: 'p', presentedAt: '', channel: 'in_dialogue' as const, visitId: 'v', options: [] } };
    expect(first(presented, 'allocation_officer')?.command).toBe('choice');
    const chose = { ...visited, latestChoice: { presentationId: 'p', optionId: 'o', serviceType: 'home_care' as const, statedBy: 'user' as const } };
    expect(first(chose, 'allocation_officer')?.command).toBe('decide');
    const decided = view({ status: 'decided', latestDecision: { decisionId: 'd', serviceType: 'home_care', startDate: '2026-01-20', decidedAt: '', appealed: false } });
    expect(first(decided, 'allocation_officer')?.command).toBe('transfer');
    expect(first(view({ status: 'transferred', transfer: { transferredAt: '', decisionId: 'd' } }), 'allocation_officer')?.command).toBe('follow-up');
  });

  it('only ever points to an action the role is offered', () => {
    const cases = [
      view(),
      view({ status: 'awaiting_decision', readySince: '2026-01-15T09:00:00Z' }),
      view({ status: 'decided', readySince: '2026-01-15T09:00:00Z', latestDecision: { decisionId: 'd', serviceType: 'home_care', startDate: '2026-01-20', decidedAt: '', appealed: false } }),
      view({ status: 'transferred', transfer: { transferredAt: '', decisionId: 'd' } }),
      view({ status: 'withdrawn', withdrawal: { reason: 'died', details: null, diedAt: null } }),
    ];
    for (const c of cases) {
      for (const role of ['hospital_staff', 'allocation_officer'] as const) {
        const offered = new Set(availableCommands({ view: c, role }).map((spec) => spec.id));
        for (const step of nextSteps(c, role)) if (step.command) expect(offered.has(step.command), `${c.status} ${role} ${step.command}`).toBe(true);
      }
    }
  });
});
