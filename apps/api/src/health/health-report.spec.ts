import type { FailingCase } from '#libs/projections/runtime/failing-cases.js';
import type { ProjectionLag } from '#libs/projections/runtime/lag.js';
import { healthReport, type HealthFacts } from './health-report.js';

const up = { status: 'up', latencyMs: 1 } as const;
const lag = (projection: string, secondsBehind = 0): ProjectionLag => ({
  projection,
  liveGeneration: 1,
  position: '10-1',
  eventsBehind: secondsBehind > 0 ? 3 : 0,
  secondsBehind,
  rebuilding: null,
});
const mark = (component: string, caseId: string): FailingCase => ({
  component,
  caseId,
  position: '9-4',
  eventType: 'MunicipalResponseGiven',
  revision: 3,
  error: 'RangeError: Not a calendar date YYYY-MM-DD: 10000-01-01',
  since: '2026-01-01T00:00:00.000Z',
  lastFailedAt: '2026-01-01T00:00:00.000Z',
  lastPosition: '9-4',
  attempts: 1,
  retryRequestedAt: null,
});
const jobs = { waiting: 0, delayed: 2, active: 0, prioritized: 0, completed: 5, failed: 0 };
const facts = (overrides: Partial<HealthFacts> = {}): HealthFacts => ({
  checks: { postgres: up, redis: up },
  lags: [lag('case_summary'), lag('deadlines')],
  failing: { counts: new Map(), oldest: [] },
  timerLag: { overdueDeadlines: 0, secondsBehind: 0 },
  deadlineJobs: jobs,
  ...overrides,
});

describe('the /health verdict', () => {
  it('is ok when every dependency answers and nothing fails or lags', () => {
    expect(healthReport(facts())).toMatchObject({ status: 'ok', reasons: [] });
  });

  it('is degraded, naming the case under its projection or component, when a case is failing', () => {
    const report = healthReport(
      facts({
        failing: {
          counts: new Map([['deadlines', 1], ['deadline_timer', 1], ['intake', 30]]),
          oldest: [mark('deadlines', 'c1'), mark('deadline_timer', 'c1'), mark('intake', 'c2')],
        },
      }),
    );
    expect(report.status).toBe('degraded');
    expect(report.reasons).toEqual([
      'projection deadlines is failing on 1 case',
      'deadline_timer is failing on 1 case',
      'intake is failing on 30 cases',
    ]);
    expect(report.projections!.find((p) => p.projection === 'deadlines')).toMatchObject({
      failingCaseCount: 1,
      failingCases: [{ caseId: 'c1', position: '9-4', eventType: 'MunicipalResponseGiven' }],
    });
    expect(report.projections!.find((p) => p.projection === 'case_summary')).toMatchObject({ failingCaseCount: 0, failingCases: [] });
    expect(report.components.map((c) => [c.component, c.failingCaseCount])).toEqual([
      ['deadline_timer', 1],
      ['intake', 30],
    ]);
  });

  it('is degraded when a projection or the deadline timer lags more than 60 s, or deadline jobs have failed', () => {
    expect(healthReport(facts({ lags: [lag('case_summary', 60)] })).status).toBe('ok');
    expect(healthReport(facts({ lags: [lag('case_summary', 61)] })).reasons).toEqual(['projection case_summary lags 61 s']);
    expect(healthReport(facts({ timerLag: { overdueDeadlines: 2, secondsBehind: 95 } })).reasons).toEqual([
      'the deadline timer lags 95 s (2 deadlines overdue)',
    ]);
    expect(healthReport(facts({ deadlineJobs: { ...jobs, failed: 1 } })).reasons).toEqual(['1 deadline job has failed']);
    expect(healthReport(facts({ lags: null })).reasons).toEqual(['the projections’ state cannot be read']);
  });

  it('is down while PostgreSQL or Redis does not answer', () => {
    const report = healthReport(
      facts({ checks: { postgres: up, redis: { status: 'down', latencyMs: 2000, error: 'no answer within 2000 ms' } }, deadlineJobs: null }),
    );
    expect(report).toMatchObject({ status: 'down', reasons: ['redis is down: no answer within 2000 ms'] });
  });
});
