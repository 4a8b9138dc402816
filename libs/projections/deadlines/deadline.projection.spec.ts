import { CASE_ID, CaseStream } from '#libs/domain/regulation/case-stream.fixture.js';
import { computeDeadlines } from '#libs/domain/regulation/deadlines.js';
import { DEFAULT_REGULATION_CONFIG, parseRegulationConfig } from '#libs/domain/regulation/regulation-config.js';
import { DEADLINES, deadlineProjection } from './deadline.projection.js';

const projection = deadlineProjection(DEFAULT_REGULATION_CONFIG);
const [table] = projection.tables;
const rowsOf = (stream: CaseStream) =>
  projection.project(stream.events)[DEADLINES]!.map((row) => Object.fromEntries(table!.columns.map((column, i) => [column, row[i]])));

describe('the deadline projection', () => {
  it('gives one row per deadline as computeDeadlines judges it, with the case’s municipality and hospital', () => {
    const stream = CaseStream.admitted('2024-05-01T10:00').declare('2024-05-06T09:00');
    const rows = rowsOf(stream);
    const deadlines = computeDeadlines(stream.events, DEFAULT_REGULATION_CONFIG);
    expect(rows.map((row) => row['deadline_id'])).toEqual(deadlines.map((deadline) => deadline.deadlineId));
    expect(rows.find((row) => row['kind'] === 'municipal_response')).toEqual({
      deadline_id: `${CASE_ID}.municipal_response.1`,
      case_id: CASE_ID,
      municipality_code: '0301',
      hospital_org_number: '974589095',
      kind: 'municipal_response',
      trigger_revision: 1,
      starts_at: '2024-05-06T07:00:00.000Z',
      due_at: '2024-05-06T22:00:00.000Z',
      status: 'open',
      met_at: null,
      cancelled_at: null,
      cancel_reason: null,
      rules_version: DEFAULT_REGULATION_CONFIG.rulesVersion,
    });
  });

  it('closes a deadline when it is met, and keeps it open until the miss is recorded', () => {
    const ready = CaseStream.admitted('2024-05-01T10:00').declare('2024-05-06T09:00');
    const [open] = rowsOf(ready).filter((row) => row['status'] === 'open');
    const missed = CaseStream.admitted('2024-05-01T10:00')
      .declare('2024-05-06T09:00')
      .missed({ deadlineId: open!['deadline_id'] as string, kind: 'municipal_response', dueAt: open!['due_at'] as string }, '2024-05-07T00:00');
    expect(rowsOf(missed).find((row) => row['deadline_id'] === open!['deadline_id'])).toMatchObject({ status: 'missed' });
    const answered = CaseStream.admitted('2024-05-01T10:00').declare('2024-05-06T09:00').respond('2024-05-06T12:00', false);
    expect(rowsOf(answered).find((row) => row['deadline_id'] === open!['deadline_id'])).toMatchObject({ status: 'met' });
  });

  it('has an index for the open deadlines by due instant and announces every row it writes', () => {
    const args = ['"read_models"."deadlines_g1"', 'deadlines_g1'] as const;
    const ddl = [...table!.ddl(...args), ...(table!.queryIndexes?.(...args) ?? [])].join('\n');
    expect(ddl).toContain(`(due_at, deadline_id) WHERE status = 'open'`);
    expect(ddl).toContain('pg_notify');
  });

  it('gets a new version when the rules change, so the runtime rebuilds it, but not when only the day rates do', () => {
    const local = parseRegulationConfig({ rulesVersion: 'local', deadlines: { visit: { unit: 'working_days', amount: 2 } } });
    const rates = { ...DEFAULT_REGULATION_CONFIG, dayRates: { ...DEFAULT_REGULATION_CONFIG.dayRates, '2025': 5900 } };
    expect(deadlineProjection(local).version).not.toBe(projection.version);
    expect(deadlineProjection(rates).version).toBe(projection.version);
    expect(deadlineProjection(DEFAULT_REGULATION_CONFIG).version).toBe(projection.version);
    expect(projection.version).toBeLessThan(2 ** 31);
  });
});
