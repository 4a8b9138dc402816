import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../api/types';
import { toRow } from './worklist-rows';

const summary: CaseSummary = {
  caseId: 'c1',
  status: 'awaiting_decision',
  municipalityCode: '5001',
  hospitalOrgNumber: '983974899',
  admittedAt: '2026-01-10T08:00:00Z',
  readySince: '2026-01-12T08:00:00Z',
  daysWaiting: 3,
  nextDeadline: { kind: 'municipal_response', dueAt: '2026-01-12T23:00:00Z' },
  latestDecision: null,
  participation: null,
  liability: { from: '2026-01-12', status: 'disputed', days: 3, amount: 17235, rateMissingDays: 0 },
  revision: 2,
  position: '1-1',
  failing: false,
};

describe('a work-queue row', () => {
  it('names the hospital and municipality and carries days, liability and the next deadline', () => {
    expect(toRow(summary)).toEqual({
      caseId: 'c1',
      status: 'awaiting_decision',
      hospital: 'Universitetssykehuset Nord-Norge',
      municipality: 'Trondheim 5001',
      admittedAt: '2026-01-10T08:00:00Z',
      daysSinceReady: 3,
      liability: 17235,
      liabilityDisputed: true,
      nextDeadline: { kind: 'municipal_response', dueAt: '2026-01-12T23:00:00Z' },
      level: null,
    });
  });

  it('shows the participation so far and no liability when none runs', () => {
    const row = toRow({ ...summary, liability: null, participation: { level: 'innflytelse', ladderStep: 'brukerinnflytelse' } });
    expect(row.liability).toBeNull();
    expect(row.liabilityDisputed).toBe(false);
    expect(row.level).toBe('innflytelse');
  });
});
