import { CASE_ID, CaseStream, oslo } from '#libs/domain/regulation/case-stream.fixture.js';
import { computeLiability, liabilityByMonth } from '#libs/domain/regulation/liability.js';
import { DEFAULT_REGULATION_CONFIG } from '#libs/domain/regulation/regulation-config.js';
import { accruedLiability, caseLiabilityAsOf, liabilityReport, type StoredLiabilityPeriod } from './liability-as-of.js';
import { LIABILITY_PERIODS, liabilityProjection } from './liability.projection.js';

const config = DEFAULT_REGULATION_CONFIG;
const projection = liabilityProjection(config);
const RATE_2023 = 5508;
const RATE_2024 = 5745;

/** The projection's rows read back as the query reads them. */
const storedOf = (stream: CaseStream): StoredLiabilityPeriod[] =>
  projection.project(stream.events)[LIABILITY_PERIODS]!.map((row) => {
    const [caseId, declarationRevision, municipalityCode, , from, to, status, disputeReasons] = row as [
      string, number, string, string, string, string | null, 'owed' | 'disputed', StoredLiabilityPeriod['disputeReasons'],
    ];
    return { caseId, declarationRevision, municipalityCode, from, to, status, disputeReasons };
  });

const admitted = () => CaseStream.admitted('2024-05-01T10:00');

/** The scenarios of regulation.md § 13, each with the instant it is read at. */
const scenarios: [string, CaseStream, string][] = [
  ['readiness and transfer the same day', admitted().declare('2024-05-06T09:00').transfer('2024-05-06T15:00'), '2024-06-01T12:00'],
  ['readiness before midnight, transfer after it', admitted().declare('2024-05-06T23:30').transfer('2024-05-07T00:30'), '2024-06-01T12:00'],
  [
    'across New Year, two rates',
    CaseStream.admitted('2023-12-20T10:00').declare('2023-12-30T10:00').respond('2023-12-30T11:00', false).respond('2024-01-02T10:00', true),
    '2024-02-01T12:00',
  ],
  [
    'a revocation in the middle, then a new declaration',
    admitted()
      .declare('2024-05-06T09:00')
      .respond('2024-05-06T10:00', false)
      .revoke('2024-05-08T09:00')
      .declare('2024-05-10T09:00')
      .respond('2024-05-12T10:00', true),
    '2024-06-01T12:00',
  ],
  ['a late "cannot receive", still running', admitted().declare('2024-05-06T09:00').respond('2024-05-07T10:00', false), '2024-05-20T08:00'],
  ['no answer at all, still running into the next month', admitted().declare('2024-05-28T09:00'), '2024-06-03T23:59'],
  ['"can receive" at 00:30 the night the clocks go forward', CaseStream.admitted('2024-03-25T10:00').declare('2024-03-30T23:30').respond('2024-03-31T00:30', true), '2024-04-02T12:00'],
  ['the clocks going back', CaseStream.admitted('2024-10-20T10:00').declare('2024-10-26T10:00').transfer('2024-10-28T10:00'), '2024-11-02T12:00'],
  ['a late admission notice: disputed', CaseStream.admitted('2024-05-01T10:00', { at: '2024-05-03T10:00' }).declare('2024-05-06T09:00'), '2024-05-09T12:00'],
  ['running into a year without a rate', CaseStream.admitted('2024-12-20T10:00').declare('2024-12-30T10:00'), '2025-01-03T12:00'],
];

describe('the liability projection, completed when read', () => {
  it.each(scenarios)('gives what computeLiability gives at the same instant: %s', (_, stream, now) => {
    const expected = computeLiability(stream.events, config, oslo(now));
    if (expected.periods.length === 0) {
      expect(storedOf(stream)).toEqual([]);
      return;
    }
    expect(caseLiabilityAsOf(storedOf(stream), config, oslo(now))).toEqual(expected);
    const report = liabilityReport(storedOf(stream), config, oslo(now));
    expect(report.map((item) => item.month)).toEqual(liabilityByMonth(expected).map((part) => part.month));
  });

  it('stores no days: a running period has no end, and its rows are the same whenever they are projected', () => {
    const stream = admitted().declare('2024-05-06T09:00').respond('2024-05-06T10:00', false);
    expect(storedOf(stream)).toEqual([
      expect.objectContaining({ from: '2024-05-06', to: null, status: 'owed', disputeReasons: [] }),
    ]);
    expect(projection.project(stream.events)).toEqual(projection.project(stream.events));
  });

  it('keeps accruing a running period day by day', () => {
    const stored = storedOf(admitted().declare('2024-05-06T09:00'));
    expect(accruedLiability(stored, config, oslo('2024-05-06T23:59'))).toMatchObject({ days: 1, amount: RATE_2024, running: true });
    expect(accruedLiability(stored, config, oslo('2024-05-08T00:01'))).toMatchObject({ days: 3, amount: 3 * RATE_2024 });
  });

  it('reports a month per municipality with only that month’s days, each rate for its own year', () => {
    const [, stream, now] = scenarios[2]!;
    const [december, january] = liabilityReport(storedOf(stream), config, oslo(now));
    expect(december).toMatchObject({ month: '2023-12', municipalityCode: '0301', owedDays: 2, owedAmount: 2 * RATE_2023, disputedDays: 0 });
    expect(december!.cases).toEqual([
      {
        caseId: CASE_ID,
        status: 'owed',
        days: 2,
        amount: 2 * RATE_2023,
        rateMissingDays: 0,
        periods: [{ from: '2023-12-30', to: '2024-01-02', days: 2, amount: 2 * RATE_2023, rateMissingDays: 0, status: 'owed' }],
      },
    ]);
    expect(january).toMatchObject({ month: '2024-01', owedDays: 1, owedAmount: RATE_2024 });
    expect(liabilityReport(storedOf(stream), config, oslo(now), '2024-01').map((item) => item.month)).toEqual(['2024-01']);
  });

  it('reports disputed days apart, and days of a year with no rate as rateMissingDays priced 0', () => {
    const disputed = liabilityReport(storedOf(scenarios[8]![1]), config, oslo(scenarios[8]![2]));
    expect(disputed).toEqual([
      expect.objectContaining({ owedDays: 0, owedAmount: 0, disputedDays: 4, disputedAmount: 4 * RATE_2024, rateMissingDays: 0 }),
    ]);
    const [, january] = liabilityReport(storedOf(scenarios[9]![1]), config, oslo(scenarios[9]![2]));
    expect(january).toMatchObject({ month: '2025-01', owedDays: 3, owedAmount: 0, rateMissingDays: 3 });
  });
});
