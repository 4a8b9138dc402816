import { CASE_ID, CaseStream, OSLO_MUNICIPALITY, oslo } from './case-stream.fixture.js';
import { computeDeadlines } from './deadlines.js';
import { computeLiability, liabilityByMonth, type CaseLiability } from './liability.js';
import { DEFAULT_REGULATION_CONFIG, parseRegulationConfig, type RegulationConfig } from './regulation-config.js';

const RATE_2023 = 5508;
const RATE_2024 = 5745;

function liabilityOf(stream: CaseStream, now: string, config: RegulationConfig = DEFAULT_REGULATION_CONFIG) {
  return computeLiability(stream.events, config, oslo(now));
}

/** The periods without their month breakdown, for terse expectations. */
function periodsOf(liability: CaseLiability) {
  return liability.periods.map(({ from, to, days, amount, status }) => ({ from, to, days, amount, status }));
}

const admitted = () => CaseStream.admitted('2024-05-01T10:00');

describe('computeLiability: when days are owed', () => {
  it('follows the ministry’s example: ready on D, "cannot receive", ready notice on D+3: D, D+1, D+2 owed', () => {
    const stream = admitted()
      .declare('2024-05-06T09:00')
      .respond('2024-05-06T10:00', false)
      .respond('2024-05-09T11:00', true)
      .transfer('2024-05-10T12:00');
    const liability = liabilityOf(stream, '2024-06-01T12:00');
    expect(periodsOf(liability)).toEqual([
      { from: '2024-05-06', to: '2024-05-09', days: 3, amount: 3 * RATE_2024, status: 'owed' },
    ]);
    expect(liability).toMatchObject({
      caseId: CASE_ID,
      municipalityCode: OSLO_MUNICIPALITY,
      rulesVersion: DEFAULT_REGULATION_CONFIG.rulesVersion,
      asOf: '2024-06-01',
      totals: {
        days: 3,
        amount: 3 * RATE_2024,
        owedDays: 3,
        owedAmount: 3 * RATE_2024,
        disputedDays: 0,
        disputedAmount: 0,
        rateMissingDays: 0,
      },
    });
  });

  it('owes nothing for "can receive" on the readiness day, however long the hospital keeps the patient', () => {
    const stream = admitted()
      .declare('2024-05-06T09:00')
      .respond('2024-05-06T15:00', true)
      .transfer('2024-05-11T12:00');
    const liability = liabilityOf(stream, '2024-06-01T12:00');
    expect(liability.periods).toEqual([]);
    expect(liability.totals.days).toBe(0);
  });

  it('owes nothing when readiness and transfer fall on the same day', () => {
    const stream = admitted()
      .declare('2024-05-06T09:00')
      .respond('2024-05-06T10:00', false)
      .transfer('2024-05-06T16:00');
    expect(liabilityOf(stream, '2024-06-01T12:00').periods).toEqual([]);
  });

  it('owes the readiness day when readiness is declared before midnight and the transfer follows after it', () => {
    const stream = admitted().declare('2024-05-06T23:30').transfer('2024-05-07T00:30');
    expect(periodsOf(liabilityOf(stream, '2024-06-01T12:00'))).toEqual([
      { from: '2024-05-06', to: '2024-05-07', days: 1, amount: RATE_2024, status: 'owed' },
    ]);
  });

  it('runs from the readiness day without any answer, an open period counted up to and including today', () => {
    const stream = admitted().declare('2024-05-06T09:00');
    expect(periodsOf(liabilityOf(stream, '2024-05-06T09:30'))).toEqual([
      { from: '2024-05-06', to: null, days: 1, amount: RATE_2024, status: 'owed' },
    ]);
    const deadlines = computeDeadlines(stream.events, DEFAULT_REGULATION_CONFIG);
    stream.missed(deadlines.find((deadline) => deadline.kind === 'municipal_response')!, '2024-05-07T00:00');
    expect(periodsOf(liabilityOf(stream, '2024-05-08T23:59'))).toEqual([
      { from: '2024-05-06', to: null, days: 3, amount: 3 * RATE_2024, status: 'owed' },
    ]);
  });

  it('runs from the readiness day when "cannot receive" comes after the deadline', () => {
    const stream = admitted().declare('2024-05-06T09:00').respond('2024-05-07T10:00', false);
    expect(periodsOf(liabilityOf(stream, '2024-05-09T12:00'))).toEqual([
      { from: '2024-05-06', to: null, days: 4, amount: 4 * RATE_2024, status: 'owed' },
    ]);
  });

  it('runs from the readiness day when the only answer is a late "can receive", which ends it', () => {
    const stream = admitted().declare('2024-05-06T09:00').respond('2024-05-08T10:00', true);
    expect(periodsOf(liabilityOf(stream, '2024-05-09T12:00'))).toEqual([
      { from: '2024-05-06', to: '2024-05-08', days: 2, amount: 2 * RATE_2024, status: 'owed' },
    ]);
  });

  it('does not take a "can receive" given before readiness as the answer to the readiness notice', () => {
    const stream = admitted()
      .respond('2024-05-03T12:00', true)
      .declare('2024-05-06T09:00')
      .transfer('2024-05-08T12:00');
    expect(periodsOf(liabilityOf(stream, '2024-06-01T12:00'))).toEqual([
      { from: '2024-05-06', to: '2024-05-08', days: 2, amount: 2 * RATE_2024, status: 'owed' },
    ]);
  });

  it('is not restarted by a "cannot receive" after the service was announced ready', () => {
    const stream = admitted()
      .declare('2024-05-06T09:00')
      .respond('2024-05-07T09:00', true)
      .respond('2024-05-08T09:00', false, { expectedReadyDate: '2024-05-12' });
    expect(periodsOf(liabilityOf(stream, '2024-05-11T12:00'))).toEqual([
      { from: '2024-05-06', to: '2024-05-07', days: 1, amount: RATE_2024, status: 'owed' },
    ]);
  });

  it('is judged on when the answer was given, not when it was typed in', () => {
    const stream = admitted()
      .declare('2024-05-06T09:00')
      .respond('2024-05-06T11:00', true, { recordedAt: '2024-05-09T08:00' })
      .transfer('2024-05-09T12:00');
    expect(liabilityOf(stream, '2024-06-01T12:00').periods).toEqual([]);
  });

  it('ends on a withdrawal, that day not owed', () => {
    const stream = admitted()
      .declare('2024-05-06T09:00')
      .respond('2024-05-06T10:00', false)
      .withdraw('2024-05-10T08:00');
    expect(periodsOf(liabilityOf(stream, '2024-06-01T12:00'))).toEqual([
      { from: '2024-05-06', to: '2024-05-10', days: 4, amount: 4 * RATE_2024, status: 'owed' },
    ]);
  });

  it('owes the days before a revocation, and starts a new period on a new declaration', () => {
    const stream = admitted()
      .declare('2024-05-06T09:00')
      .respond('2024-05-06T10:00', false)
      .revoke('2024-05-08T14:00')
      .declare('2024-05-13T09:00')
      .respond('2024-05-14T09:00', true)
      .transfer('2024-05-15T09:00');
    const liability = liabilityOf(stream, '2024-06-01T12:00');
    expect(periodsOf(liability)).toEqual([
      { from: '2024-05-06', to: '2024-05-08', days: 2, amount: 2 * RATE_2024, status: 'owed' },
      { from: '2024-05-13', to: '2024-05-14', days: 1, amount: RATE_2024, status: 'owed' },
    ]);
    expect(liability.periods.map((period) => period.declarationRevision)).toEqual([1, 4]);
    expect(liability.totals).toMatchObject({ days: 3, amount: 3 * RATE_2024 });
  });

  it('has nothing yet when readiness is declared for a day that has not begun', () => {
    const stream = admitted().declare('2024-05-06T23:58', { declaredAt: '2024-05-07T00:02' });
    expect(liabilityOf(stream, '2024-05-06T23:59').periods).toEqual([]);
  });
});

describe('computeLiability: read in the order things happened, however late or in whatever order they were typed in', () => {
  it('ends on the day of a transfer typed in long after: ready 5 June, transferred 7 June, two days', () => {
    const stream = admitted()
      .declare('2024-06-05T09:00')
      .respond('2024-06-05T10:00', false)
      .transfer('2024-06-07T12:00', { recordedAt: '2026-12-04T10:00' });
    expect(periodsOf(liabilityOf(stream, '2026-12-04T12:00'))).toEqual([
      { from: '2024-06-05', to: '2024-06-07', days: 2, amount: 2 * RATE_2024, status: 'owed' },
    ]);
  });

  it('takes a "can receive" given before a revocation as the end, though typed in after it: the ministry’s three days', () => {
    const stream = admitted()
      .declare('2024-07-01T09:00')
      .respond('2024-07-01T10:00', false)
      .revoke('2024-07-06T08:00')
      .respond('2024-07-04T10:00', true, { recordedAt: '2024-07-08T09:00' });
    expect(periodsOf(liabilityOf(stream, '2024-08-01T12:00'))).toEqual([
      { from: '2024-07-01', to: '2024-07-04', days: 3, amount: 3 * RATE_2024, status: 'owed' },
    ]);
  });

  it('ends on the day of a revocation typed in after later answers, which then answer no readiness', () => {
    const stream = admitted()
      .declare('2024-07-15T09:00')
      .respond('2024-07-15T10:00', false)
      .respond('2024-07-20T10:00', false)
      .revoke('2024-07-17T06:00', { recordedAt: '2024-07-21T09:00' });
    expect(periodsOf(liabilityOf(stream, '2024-08-01T12:00'))).toEqual([
      { from: '2024-07-15', to: '2024-07-17', days: 2, amount: 2 * RATE_2024, status: 'owed' },
    ]);
  });

  it('owes nothing for "can receive" at 11:00 typed in before the readiness notice of 10:00 the same day', () => {
    const stream = admitted().respond('2024-06-10T11:00', true).declare('2024-06-10T10:00');
    expect(liabilityOf(stream, '2024-07-01T12:00').periods).toEqual([]);
  });

  it('attaches an answer to the readiness it follows in the world, across a revocation and a new declaration', () => {
    const stream = admitted()
      .declare('2024-05-06T09:00')
      .revoke('2024-05-08T14:00')
      .declare('2024-05-13T09:00')
      // Given during the first readiness, typed in during the second: it ends the first, not the second.
      .respond('2024-05-07T09:00', true, { recordedAt: '2024-05-13T10:00' })
      .transfer('2024-05-15T09:00');
    expect(periodsOf(liabilityOf(stream, '2024-06-01T12:00'))).toEqual([
      { from: '2024-05-06', to: '2024-05-07', days: 1, amount: RATE_2024, status: 'owed' },
      { from: '2024-05-13', to: '2024-05-15', days: 2, amount: 2 * RATE_2024, status: 'owed' },
    ]);
  });

  it("prices 2012 at the ministry's NOK 4 000: its worked example, three days, NOK 12 000", () => {
    const stream = CaseStream.admitted('2012-03-01T10:00')
      .declare('2012-03-05T09:00')
      .respond('2012-03-05T10:00', false)
      .respond('2012-03-08T10:00', true);
    expect(liabilityOf(stream, '2012-04-01T12:00').totals).toMatchObject({ days: 3, amount: 12_000, owedAmount: 12_000 });
  });
});

describe('computeLiability: calendar days in Europe/Oslo', () => {
  it('owes the Saturday: ready at 23:30 the night the clocks go forward, "can receive" at 00:30', () => {
    const stream = CaseStream.admitted('2024-03-25T10:00')
      .declare('2024-03-30T23:30')
      .respond('2024-03-31T00:30', true);
    expect(periodsOf(liabilityOf(stream, '2024-04-02T12:00'))).toEqual([
      { from: '2024-03-30', to: '2024-03-31', days: 1, amount: RATE_2024, status: 'owed' },
    ]);
  });

  it.each([
    ['the clocks going forward', '2024-03-30T10:00', '2024-04-01T10:00', '2024-03-30', '2024-04-01'],
    ['the clocks going back', '2024-10-26T10:00', '2024-10-28T10:00', '2024-10-26', '2024-10-28'],
  ])('counts a 23- or 25-hour day as one day across %s', (_, declared, transferred, from, to) => {
    const stream = CaseStream.admitted('2024-03-01T10:00').declare(declared).transfer(transferred);
    expect(periodsOf(liabilityOf(stream, '2024-12-01T12:00'))).toEqual([
      { from, to, days: 2, amount: 2 * RATE_2024, status: 'owed' },
    ]);
  });

  it('prices each year’s days at that year’s rate across New Year', () => {
    const stream = CaseStream.admitted('2023-12-20T10:00')
      .declare('2023-12-30T10:00')
      .respond('2023-12-30T12:00', false)
      .transfer('2024-01-03T10:00');
    const [period] = liabilityOf(stream, '2024-02-01T12:00').periods;
    expect(period).toMatchObject({
      from: '2023-12-30',
      to: '2024-01-03',
      days: 4,
      amount: 2 * RATE_2023 + 2 * RATE_2024,
      rateMissingDays: 0,
    });
    expect(period!.byMonth).toEqual([
      {
        month: '2023-12',
        firstDay: '2023-12-30',
        lastDay: '2023-12-31',
        days: 2,
        rate: RATE_2023,
        amount: 2 * RATE_2023,
        rateMissingDays: 0,
      },
      {
        month: '2024-01',
        firstDay: '2024-01-01',
        lastDay: '2024-01-02',
        days: 2,
        rate: RATE_2024,
        amount: 2 * RATE_2024,
        rateMissingDays: 0,
      },
    ]);
  });
});

describe('computeLiability: rates missing', () => {
  it('counts days of a year without a rate as rateMissingDays, priced 0, never guessed', () => {
    const stream = CaseStream.admitted('2026-01-28T10:00').declare('2026-02-02T09:00').transfer('2026-02-05T09:00');
    const liability = liabilityOf(stream, '2026-03-01T12:00');
    expect(liability.periods[0]).toMatchObject({ days: 3, amount: 0, rateMissingDays: 3, status: 'owed' });
    expect(liability.periods[0]!.byMonth[0]).toMatchObject({ rate: null, amount: 0, rateMissingDays: 3 });
    expect(liability.totals).toMatchObject({ days: 3, owedDays: 3, amount: 0, rateMissingDays: 3 });
  });

  it('prices the known year and not the unknown one in a period spanning both, until an admin adds it', () => {
    const stream = CaseStream.admitted('2024-12-20T10:00').declare('2024-12-30T09:00').transfer('2025-01-02T09:00');
    expect(liabilityOf(stream, '2025-01-10T12:00').periods[0]).toMatchObject({
      days: 3,
      amount: 2 * RATE_2024,
      rateMissingDays: 1,
    });
    const extended = parseRegulationConfig({ rulesVersion: 'national-2025', dayRates: { '2025': 5900 } });
    expect(liabilityOf(stream, '2025-01-10T12:00', extended)).toMatchObject({
      rulesVersion: 'national-2025',
      periods: [expect.objectContaining({ amount: 2 * RATE_2024 + 5900, rateMissingDays: 0 })],
    });
  });
});

describe('computeLiability: disputed when the hospital did not meet §§ 8–10', () => {
  it('disputes every period of a case whose admission notice was late', () => {
    const stream = CaseStream.admitted('2024-05-01T10:00', { at: '2024-05-03T10:00' })
      .declare('2024-05-06T09:00')
      .transfer('2024-05-08T09:00');
    const liability = liabilityOf(stream, '2024-06-01T12:00');
    expect(liability.periods[0]).toMatchObject({ status: 'disputed', disputeReasons: ['notice_late'], days: 2 });
    expect(liability.totals).toMatchObject({
      owedDays: 0,
      owedAmount: 0,
      disputedDays: 2,
      disputedAmount: 2 * RATE_2024,
    });
  });

  it('disputes only the period whose readiness notice was late or whose criteria were incomplete', () => {
    const stream = admitted()
      .declare('2024-05-07T08:00', { declaredAt: '2024-05-06T15:00' })
      .revoke('2024-05-08T09:00')
      .declare('2024-05-10T09:00', { criteria: { diagnosisAndPlanSettled: false } })
      .revoke('2024-05-12T09:00')
      .declare('2024-05-14T09:00')
      .transfer('2024-05-15T09:00');
    const liability = liabilityOf(stream, '2024-06-01T12:00');
    const summary = liability.periods.map(({ from, days, status, disputeReasons }) => ({
      from,
      days,
      status,
      disputeReasons,
    }));
    expect(summary).toEqual([
      { from: '2024-05-06', days: 2, status: 'disputed', disputeReasons: ['readiness_notice_late'] },
      { from: '2024-05-10', days: 2, status: 'disputed', disputeReasons: ['readiness_criteria_incomplete'] },
      { from: '2024-05-14', days: 1, status: 'owed', disputeReasons: [] },
    ]);
    expect(liability.totals).toMatchObject({ days: 5, owedDays: 1, disputedDays: 4, disputedAmount: 4 * RATE_2024 });
  });

  it('judges the readiness notice by the municipality’s agreement where it has one', () => {
    const agreed = parseRegulationConfig({
      rulesVersion: 'test-agreement',
      municipalityOverrides: { '4601': { readinessNotice: { unit: 'calendar_days', amount: 1 } } },
    });
    const noticedNextMorning = (municipalityCode: string) =>
      CaseStream.admitted('2024-05-01T10:00', { municipalityCode })
        .declare('2024-05-07T08:00', { declaredAt: '2024-05-06T22:00' })
        .transfer('2024-05-08T09:00');
    expect(liabilityOf(noticedNextMorning('4601'), '2024-06-01T12:00', agreed).periods[0]!.status).toBe('owed');
    expect(liabilityOf(noticedNextMorning('0301'), '2024-06-01T12:00', agreed).periods[0]!.status).toBe('disputed');
  });
});

describe('liabilityByMonth', () => {
  it('gives each month only its own days, listing each period with its whole from/to', () => {
    const stream = CaseStream.admitted('2024-01-20T10:00')
      .declare('2024-01-31T08:00', { declaredAt: '2024-01-30T15:00' }) // notice late: disputed
      .revoke('2024-02-02T09:00')
      .declare('2024-02-05T09:00')
      .transfer('2024-02-07T09:00');
    expect(liabilityByMonth(liabilityOf(stream, '2024-03-01T12:00'))).toEqual([
      {
        month: '2024-01',
        caseId: CASE_ID,
        municipalityCode: OSLO_MUNICIPALITY,
        status: 'disputed',
        days: 2,
        amount: 2 * RATE_2024,
        owedDays: 0,
        owedAmount: 0,
        disputedDays: 2,
        disputedAmount: 2 * RATE_2024,
        rateMissingDays: 0,
        periods: [
          {
            from: '2024-01-30',
            to: '2024-02-02',
            status: 'disputed',
            days: 2,
            amount: 2 * RATE_2024,
            rateMissingDays: 0,
          },
        ],
      },
      {
        month: '2024-02',
        caseId: CASE_ID,
        municipalityCode: OSLO_MUNICIPALITY,
        status: 'disputed',
        days: 3,
        amount: 3 * RATE_2024,
        owedDays: 2,
        owedAmount: 2 * RATE_2024,
        disputedDays: 1,
        disputedAmount: RATE_2024,
        rateMissingDays: 0,
        periods: [
          { from: '2024-01-30', to: '2024-02-02', status: 'disputed', days: 1, amount: RATE_2024, rateMissingDays: 0 },
          { from: '2024-02-05', to: '2024-02-07', status: 'owed', days: 2, amount: 2 * RATE_2024, rateMissingDays: 0 },
        ],
      },
    ]);
  });

  it('shows an open period in every month it has reached, up to today', () => {
    const stream = CaseStream.admitted('2024-02-20T10:00').declare('2024-02-28T09:00');
    const months = liabilityByMonth(liabilityOf(stream, '2024-03-02T08:00'));
    expect(months.map(({ month, days, status, periods }) => ({ month, days, status, to: periods[0]!.to }))).toEqual([
      { month: '2024-02', days: 2, status: 'owed', to: null }, // 28th and 29th: a leap year
      { month: '2024-03', days: 2, status: 'owed', to: null },
    ]);
  });

  it('is empty when nothing is owed', () => {
    expect(liabilityByMonth(liabilityOf(admitted(), '2024-06-01T12:00'))).toEqual([]);
  });
});
