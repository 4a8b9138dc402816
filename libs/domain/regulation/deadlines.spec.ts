import { InvalidCaseHistoryError } from '#libs/domain/transfer-case/case-stream.js';
import type { DeadlineKind } from '#libs/domain/transfer-case/events.js';
import { CASE_ID, CaseStream, oslo } from './case-stream.fixture.js';
import { caseCompliance, computeDeadlines, nextOpenDeadline, type Deadline } from './deadlines.js';
import { DEFAULT_REGULATION_CONFIG, parseRegulationConfig, type RegulationConfig } from './regulation-config.js';

const config = DEFAULT_REGULATION_CONFIG;
const withVisits = parseRegulationConfig({
  rulesVersion: 'test-visits',
  deadlines: { visit: { unit: 'working_days', amount: 2 } },
});

function deadlinesOf(stream: CaseStream, rules: RegulationConfig = config): Deadline[] {
  return computeDeadlines(stream.events, rules);
}

function only(stream: CaseStream, kind: DeadlineKind, rules: RegulationConfig = config): Deadline {
  const found = deadlinesOf(stream, rules).filter((deadline) => deadline.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0]!;
}

describe('admission_notice (§ 8)', () => {
  it('is met by a notice within 24 elapsed hours, across the clocks going forward', () => {
    const stream = CaseStream.admitted('2024-03-30T10:00', { at: '2024-03-31T10:30' });
    expect(only(stream, 'admission_notice')).toEqual({
      deadlineId: `${CASE_ID}.admission_notice.0`,
      caseId: CASE_ID,
      kind: 'admission_notice',
      triggerRevision: 0,
      startsAt: '2024-03-30T09:00:00.000Z',
      dueAt: '2024-03-31T09:00:00.000Z', // 11:00 summer time
      status: 'met',
      metAt: '2024-03-31T08:30:00.000Z',
    });
    expect(caseCompliance(stream.events, config).noticeLate).toBe(false);
  });

  it('is missed by a notice at or after the 24th hour: the case is flagged noticeLate', () => {
    const stream = CaseStream.admitted('2024-03-30T10:00', { at: '2024-03-31T11:00' });
    expect(only(stream, 'admission_notice')).toMatchObject({ status: 'missed', metAt: '2024-03-31T09:00:00.000Z' });
    expect(caseCompliance(stream.events, config).noticeLate).toBe(true);
  });

  it('is judged on when the notice was given, not when it was typed in', () => {
    const stream = CaseStream.admitted('2024-05-06T10:00', { at: '2024-05-06T12:00', recordedAt: '2024-05-09T08:00' });
    expect(only(stream, 'admission_notice').status).toBe('met');
  });
});

describe('admission_notice (§ 8) when the need became known later in the stay', () => {
  it('runs from needIdentifiedAt: noticed 47 hours after admission, 23 after the need was known, is in time', () => {
    const stream = CaseStream.admitted('2024-05-01T10:00', { at: '2024-05-03T09:00', needIdentifiedAt: '2024-05-02T10:00' });
    expect(only(stream, 'admission_notice')).toMatchObject({
      status: 'met',
      startsAt: oslo('2024-05-02T10:00'),
      dueAt: oslo('2024-05-03T10:00'),
    });
    expect(caseCompliance(stream.events, config).noticeLate).toBe(false);
  });

  it('is missed 24 hours after the need was known', () => {
    const stream = CaseStream.admitted('2024-05-01T10:00', { at: '2024-05-03T10:00', needIdentifiedAt: '2024-05-02T10:00' });
    expect(only(stream, 'admission_notice').status).toBe('missed');
  });
});

describe('readiness_notice (§ 10)', () => {
  it('is met by a notice the same Oslo day: declared 23:30 on the Saturday before the clocks go forward', () => {
    const stream = CaseStream.admitted('2024-03-25T10:00').declare('2024-03-30T23:30');
    expect(only(stream, 'readiness_notice')).toMatchObject({
      deadlineId: `${CASE_ID}.readiness_notice.1`,
      startsAt: '2024-03-30T22:30:00.000Z',
      dueAt: '2024-03-30T23:00:00.000Z',
      status: 'met',
    });
    expect(caseCompliance(stream.events, config).readinessNoticeLate).toBe(false);
  });

  it('is missed by a notice after midnight: the case is flagged readinessNoticeLate', () => {
    const stream = CaseStream.admitted('2024-03-25T10:00').declare('2024-03-31T00:10', {
      declaredAt: '2024-03-30T23:30',
    });
    expect(only(stream, 'readiness_notice')).toMatchObject({ status: 'missed', metAt: '2024-03-30T23:10:00.000Z' });
    expect(caseCompliance(stream.events, config).readinessNoticeLate).toBe(true);
  });
});

describe('municipal_response (§ 11)', () => {
  const declaredLateSaturday = () => CaseStream.admitted('2024-03-25T10:00').declare('2024-03-30T23:30');

  it('opens on the readiness notice and is due at the end of that Oslo day', () => {
    expect(only(declaredLateSaturday(), 'municipal_response')).toEqual({
      deadlineId: `${CASE_ID}.municipal_response.1`,
      caseId: CASE_ID,
      kind: 'municipal_response',
      triggerRevision: 1,
      startsAt: '2024-03-30T22:30:00.000Z',
      dueAt: '2024-03-30T23:00:00.000Z',
      status: 'open',
    });
  });

  it.each([
    ['the day the clocks go forward (23 hours)', '2024-03-31T10:00', '2024-03-31T22:00:00.000Z'],
    ['the day the clocks go back (25 hours)', '2024-10-27T10:00', '2024-10-27T23:00:00.000Z'],
    ['New Year’s Eve', '2024-12-31T16:00', '2024-12-31T23:00:00.000Z'],
  ])('is due at the true end of %s', (_, declared, dueAt) => {
    const stream = CaseStream.admitted('2024-03-25T10:00').declare(declared);
    expect(only(stream, 'municipal_response').dueAt).toBe(dueAt);
  });

  it('is met by any answer that day, can or cannot receive', () => {
    expect(only(declaredLateSaturday().respond('2024-03-30T23:45', false), 'municipal_response')).toMatchObject({
      status: 'met',
      metAt: '2024-03-30T22:45:00.000Z',
    });
    expect(only(declaredLateSaturday().respond('2024-03-30T23:59', true), 'municipal_response').status).toBe('met');
  });

  it('is missed by an answer after midnight, which is kept as metAt', () => {
    expect(only(declaredLateSaturday().respond('2024-03-31T00:15', false), 'municipal_response')).toMatchObject({
      status: 'missed',
      metAt: '2024-03-30T23:15:00.000Z',
    });
  });

  it('is missed once the scheduler records DeadlineMissed for its id', () => {
    const stream = declaredLateSaturday();
    const open = only(stream, 'municipal_response');
    stream.missed(open, '2024-03-31T00:00');
    expect(only(stream, 'municipal_response')).toEqual({ ...open, status: 'missed' });
  });

  it('is met by an answer given in time but recorded after the miss (backdated)', () => {
    const stream = declaredLateSaturday();
    stream.missed(only(stream, 'municipal_response'), '2024-03-31T00:00');
    stream.respond('2024-03-30T23:50', false, { recordedAt: '2024-03-31T09:00' });
    expect(only(stream, 'municipal_response')).toMatchObject({ status: 'met', metAt: '2024-03-30T22:50:00.000Z' });
  });

  it('is cancelled by a revocation before it is due', () => {
    const stream = CaseStream.admitted('2024-05-06T08:00').declare('2024-05-06T09:00').revoke('2024-05-06T15:00');
    expect(only(stream, 'municipal_response')).toMatchObject({
      status: 'cancelled',
      cancelledAt: '2024-05-06T13:00:00.000Z',
      cancelReason: 'readiness_revoked',
    });
  });

  it('stays missed when the revocation comes after it was due', () => {
    const stream = CaseStream.admitted('2024-05-06T08:00').declare('2024-05-06T09:00').revoke('2024-05-07T15:00');
    expect(only(stream, 'municipal_response').status).toBe('missed');
  });

  it('is cancelled by a transfer or a withdrawal', () => {
    const declared = () => CaseStream.admitted('2024-05-06T08:00').declare('2024-05-06T09:00');
    expect(only(declared().transfer('2024-05-06T12:00'), 'municipal_response').cancelReason).toBe('case_transferred');
    expect(only(declared().withdraw('2024-05-06T12:00'), 'municipal_response').cancelReason).toBe('case_withdrawn');
  });

  it('opens again for a new declaration after a revocation, under a new id', () => {
    const stream = CaseStream.admitted('2024-05-06T08:00')
      .declare('2024-05-06T09:00')
      .respond('2024-05-06T10:00', false)
      .revoke('2024-05-07T09:00')
      .respond('2024-05-08T09:00', true) // between two declarations: answers no notice
      .declare('2024-05-10T09:00');
    const responses = deadlinesOf(stream).filter((deadline) => deadline.kind === 'municipal_response');
    expect(responses.map(({ deadlineId, status }) => ({ deadlineId, status }))).toEqual([
      { deadlineId: `${CASE_ID}.municipal_response.1`, status: 'met' },
      { deadlineId: `${CASE_ID}.municipal_response.5`, status: 'open' },
    ]);
    expect(responses[1]!.dueAt).toBe('2024-05-10T22:00:00.000Z');
  });

  it('is met by an answer given after the readiness, though typed in before its notice', () => {
    const stream = CaseStream.admitted('2024-05-06T08:00').respond('2024-05-06T11:00', true).declare('2024-05-06T10:00');
    expect(only(stream, 'municipal_response')).toMatchObject({ status: 'met', metAt: oslo('2024-05-06T11:00') });
  });

  it('is not met by a "can receive" given before readiness was declared', () => {
    const stream = CaseStream.admitted('2024-05-06T08:00')
      .respond('2024-05-06T12:00', true)
      .declare('2024-05-08T09:00');
    expect(only(stream, 'municipal_response').status).toBe('open');
  });
});

describe('expected_ready (§ 11, second paragraph)', () => {
  const cannotReceive = () =>
    CaseStream.admitted('2024-05-06T08:00')
      .declare('2024-05-06T09:00')
      .respond('2024-05-06T10:00', false, { expectedReadyDate: '2024-05-10' });

  it('opens on "cannot receive" with an expected date and is due at the end of that date', () => {
    expect(only(cannotReceive(), 'expected_ready')).toEqual({
      deadlineId: `${CASE_ID}.expected_ready.2`,
      caseId: CASE_ID,
      kind: 'expected_ready',
      triggerRevision: 2,
      startsAt: '2024-05-06T08:00:00.000Z',
      dueAt: '2024-05-10T22:00:00.000Z',
      status: 'open',
    });
  });

  it('is not opened by "cannot receive" without an expected date', () => {
    const stream = CaseStream.admitted('2024-05-06T08:00')
      .declare('2024-05-06T09:00')
      .respond('2024-05-06T10:00', false);
    expect(deadlinesOf(stream).some((deadline) => deadline.kind === 'expected_ready')).toBe(false);
  });

  it('is met by "can receive" in time', () => {
    expect(only(cannotReceive().respond('2024-05-10T14:00', true), 'expected_ready')).toMatchObject({
      status: 'met',
      metAt: '2024-05-10T12:00:00.000Z',
    });
  });

  it('is met by a new expected date, which opens the next one; the same date again changes nothing', () => {
    const stream = cannotReceive()
      .respond('2024-05-08T10:00', false, { expectedReadyDate: '2024-05-10' })
      .respond('2024-05-09T10:00', false, { expectedReadyDate: '2024-05-14' })
      .respond('2024-05-15T09:00', true);
    const expected = deadlinesOf(stream).filter((deadline) => deadline.kind === 'expected_ready');
    expect(expected).toEqual([
      expect.objectContaining({ triggerRevision: 2, status: 'met', metAt: '2024-05-09T08:00:00.000Z' }),
      expect.objectContaining({
        triggerRevision: 4,
        dueAt: '2024-05-14T22:00:00.000Z',
        status: 'missed',
        metAt: '2024-05-15T07:00:00.000Z',
      }),
    ]);
  });

  it('is missed when the scheduler records it, and cancelled by a transfer or revocation before it is due', () => {
    const recorded = cannotReceive();
    recorded.missed(only(recorded, 'expected_ready'), '2024-05-11T00:00');
    expect(only(recorded, 'expected_ready').status).toBe('missed');
    expect(only(cannotReceive().transfer('2024-05-09T12:00'), 'expected_ready')).toMatchObject({
      status: 'cancelled',
      cancelReason: 'case_transferred',
    });
    expect(only(cannotReceive().revoke('2024-05-09T12:00'), 'expected_ready').cancelReason).toBe('readiness_revoked');
  });
});

describe('visit (local policy)', () => {
  it('is off by default', () => {
    const stream = CaseStream.admitted('2024-09-06T14:00');
    expect(deadlinesOf(stream).map((deadline) => deadline.kind)).toEqual(['admission_notice']);
  });

  it('when configured in working days, runs from the admission notice: Friday + 2 is the end of Tuesday', () => {
    const stream = CaseStream.admitted('2024-09-06T14:00');
    expect(only(stream, 'visit', withVisits)).toMatchObject({
      deadlineId: `${CASE_ID}.visit.0`,
      startsAt: '2024-09-06T12:00:00.000Z',
      dueAt: '2024-09-10T22:00:00.000Z',
      status: 'open',
    });
  });

  it('skips public holidays: notified the Wednesday before Easter, due at the end of the Wednesday after', () => {
    const stream = CaseStream.admitted('2024-03-27T09:00');
    expect(only(stream, 'visit', withVisits).dueAt).toBe('2024-04-03T22:00:00.000Z');
  });

  it('is met by a visit conducted, missed when recorded so, cancelled when the user declines the dialogue', () => {
    const admitted = () => CaseStream.admitted('2024-09-06T14:00');
    expect(only(admitted().visit('2024-09-09T13:00'), 'visit', withVisits)).toMatchObject({
      status: 'met',
      metAt: '2024-09-09T11:00:00.000Z',
    });
    const late = admitted();
    late.missed(only(late, 'visit', withVisits), '2024-09-11T00:00');
    expect(only(late, 'visit', withVisits).status).toBe('missed');
    expect(only(admitted().declineDialogue('2024-09-09T10:00'), 'visit', withVisits)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'dialogue_declined',
    });
  });

  it('is met by a visit that came before the user declined to meet again, whichever was typed in first', () => {
    const stream = CaseStream.admitted('2024-09-06T14:00')
      .declineDialogue('2024-09-10T10:00')
      .visit('2024-09-09T13:00');
    expect(only(stream, 'visit', withVisits)).toMatchObject({ status: 'met', metAt: '2024-09-09T11:00:00.000Z' });
  });
});

describe('per-municipality agreements (samarbeidsavtaler)', () => {
  const agreed = parseRegulationConfig({
    rulesVersion: 'test-agreement',
    municipalityOverrides: { '4601': { municipalResponse: { unit: 'calendar_days', amount: 1 } } },
  });
  const answeredAfterMidnight = (municipalityCode: string) =>
    CaseStream.admitted('2024-03-25T10:00', { municipalityCode })
      .declare('2024-03-30T23:30')
      .respond('2024-03-31T00:15', false);

  it('gives the municipality with an agreement the next day, to the end of that (23-hour) day', () => {
    expect(only(answeredAfterMidnight('4601'), 'municipal_response', agreed)).toMatchObject({
      dueAt: '2024-03-31T22:00:00.000Z',
      status: 'met',
    });
  });

  it('keeps the default elsewhere', () => {
    expect(only(answeredAfterMidnight('0301'), 'municipal_response', agreed)).toMatchObject({
      dueAt: '2024-03-30T23:00:00.000Z',
      status: 'missed',
    });
  });
});

describe('the list of deadlines', () => {
  const stream = () =>
    CaseStream.admitted('2024-09-06T14:00')
      .declare('2024-09-09T09:00')
      .respond('2024-09-09T10:00', false, { expectedReadyDate: '2024-09-12' });

  it('is ordered by the revision that opened each, and identical on every replay', () => {
    const deadlines = deadlinesOf(stream(), withVisits);
    expect(deadlines.map((deadline) => deadline.deadlineId)).toEqual([
      `${CASE_ID}.admission_notice.0`,
      `${CASE_ID}.visit.0`,
      `${CASE_ID}.readiness_notice.1`,
      `${CASE_ID}.municipal_response.1`,
      `${CASE_ID}.expected_ready.2`,
    ]);
    expect(deadlinesOf(stream(), withVisits)).toEqual(deadlines);
    expect(deadlines.every((deadline) => !deadline.deadlineId.includes(':'))).toBe(true);
  });

  it('does not depend on the order the events are handed in', () => {
    expect(computeDeadlines([...stream().events].reverse(), withVisits)).toEqual(deadlinesOf(stream(), withVisits));
  });

  it('needs one whole case stream, from its admission', () => {
    expect(() => computeDeadlines(stream().events.slice(1), config)).toThrow(InvalidCaseHistoryError);
  });
});

describe('nextOpenDeadline', () => {
  it('is the open deadline due first', () => {
    const deadlines = deadlinesOf(
      CaseStream.admitted('2024-09-06T14:00')
        .declare('2024-09-09T09:00')
        .respond('2024-09-09T10:00', false, { expectedReadyDate: '2024-09-12' }),
      withVisits,
    );
    expect(nextOpenDeadline(deadlines)?.deadlineId).toBe(`${CASE_ID}.visit.0`); // end of Tuesday 10th
    expect(nextOpenDeadline(deadlines.filter((deadline) => deadline.kind !== 'visit'))?.dueAt).toBe(
      oslo('2024-09-13T00:00'),
    );
  });

  it('breaks ties by id and is undefined when nothing is open', () => {
    const open = { caseId: CASE_ID, kind: 'visit', triggerRevision: 0, startsAt: oslo('2024-01-01T00:00') } as const;
    const dueAt = oslo('2024-01-02T00:00');
    const a = { ...open, deadlineId: 'a', dueAt, status: 'open' } as const;
    const b = { ...open, deadlineId: 'b', dueAt, status: 'open' } as const;
    expect(nextOpenDeadline([b, a])).toBe(a);
    expect(nextOpenDeadline([{ ...a, status: 'met' }])).toBeUndefined();
    expect(nextOpenDeadline([])).toBeUndefined();
  });
});

describe('caseCompliance', () => {
  it('is clean for a case noticed in time with all criteria', () => {
    const stream = CaseStream.admitted('2024-05-06T08:00').declare('2024-05-07T09:00');
    expect(caseCompliance(stream.events, config)).toEqual({
      noticeLate: false,
      readinessNoticeLate: false,
      readinessCriteriaIncomplete: false,
    });
  });

  it('flags a declaration without all § 9 criteria, and a late notice of any declaration', () => {
    const stream = CaseStream.admitted('2024-05-06T08:00')
      .declare('2024-05-07T09:00', { criteria: { functionalLevelAssessed: false } })
      .revoke('2024-05-08T09:00')
      .declare('2024-05-10T08:00', { declaredAt: '2024-05-09T15:00' });
    expect(caseCompliance(stream.events, config)).toEqual({
      noticeLate: false,
      readinessNoticeLate: true,
      readinessCriteriaIncomplete: true,
    });
  });
});
