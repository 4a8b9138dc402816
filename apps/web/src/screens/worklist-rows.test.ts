import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../api/types';
import { readWorklistQuery, sortRows, toggleSort, toRow, writeWorklistQuery } from './worklist-rows';

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
      municipality: 'Trondheim',
      admittedAt: '2026-01-10T08:00:00Z',
      daysSinceReady: 3,
      liability: 17235,
      liabilityDisputed: true,
      liabilityRateMissingDays: 0,
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

describe('the list state in the URL', () => {
  it('reads filters and sorting from the URL, with the deadline order as default', () => {
    expect(readWorklistQuery(new URLSearchParams(''))).toEqual({ status: '', hospital: '', sort: 'frist', direction: 'stigende' });
    expect(readWorklistQuery(new URLSearchParams('status=decided&sykehus=974749025&sortering=dager'))).toEqual({
      status: 'decided',
      hospital: '974749025',
      sort: 'dager',
      direction: 'synkende',
    });
    expect(readWorklistQuery(new URLSearchParams('sortering=tull&retning=opp')).sort).toBe('frist');
  });

  it('writes only what differs from the defaults, keeping other parameters', () => {
    const query = readWorklistQuery(new URLSearchParams('sortering=dager'));
    expect(writeWorklistQuery(query, new URLSearchParams('annet=1')).toString()).toBe('annet=1&sortering=dager');
    expect(writeWorklistQuery(toggleSort(query, 'dager')).toString()).toBe('sortering=dager&retning=stigende');
    expect(writeWorklistQuery(toggleSort(query, 'frist')).toString()).toBe('');
  });

  it('sorts by a column, rows without a value last in either direction', () => {
    const rows = [
      { ...toRow(summary), caseId: 'a', daysSinceReady: 2 },
      { ...toRow(summary), caseId: 'b', daysSinceReady: null },
      { ...toRow(summary), caseId: 'c', daysSinceReady: 9 },
    ];
    expect(sortRows(rows, 'dager', 'synkende').map((row) => row.caseId)).toEqual(['c', 'a', 'b']);
    expect(sortRows(rows, 'dager', 'stigende').map((row) => row.caseId)).toEqual(['a', 'c', 'b']);
  });
});
