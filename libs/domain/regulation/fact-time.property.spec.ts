import fc from 'fast-check';
import { isBackdated } from '#libs/domain/participation/backdated.js';
import type { CaseEventRecord, Instant, TransferCaseEvent } from '#libs/domain/transfer-case/events.js';
import { ALL_CRITERIA, CASE_ID, OSLO_MUNICIPALITY } from './case-stream.fixture.js';
import { caseCompliance, computeDeadlines, type Deadline } from './deadlines.js';
import { computeLiability, type CaseLiability } from './liability.js';
import { osloDateOf } from './oslo-calendar.js';
import { parseRegulationConfig } from './regulation-config.js';

/**
 * regulation.md, "Times": the legal clock judges a case on when things happened, never on when or in which order they
 * were typed in. A case is drawn as a story in the world, then recorded in any order, each fact any time after it
 * happened (the admission first: nothing is recorded on a case before it exists). Its deadlines, compliance and
 * liability must come out the same; only which events are marked backdated may differ.
 */

const MINUTE = 60_000;
const START = Date.parse('2024-03-25T06:00:00.000Z'); // the week summer time begins in Oslo
const at = (minutes: number): Instant => new Date(START + minutes * MINUTE).toISOString();

type Fact =
  | { kind: 'declare'; noticeDelayMinutes: number }
  | { kind: 'revoke' }
  | { kind: 'respond'; canReceive: boolean; expectedInDays: number | null }
  | { kind: 'visit' }
  | { kind: 'decline' }
  | { kind: 'transfer' }
  | { kind: 'withdraw' };

const fact: fc.Arbitrary<Fact> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('declare' as const), noticeDelayMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 * 60 })) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'revoke' as const }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('respond' as const),
      canReceive: fc.boolean(),
      expectedInDays: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'visit' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'decline' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'transfer' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'withdraw' as const }) },
);

/** What happened, and when: each fact a while after the one before (never at the same minute, so the order is the world's). */
const story = fc.array(fc.tuple(fact, fc.integer({ min: 1, max: 3 * 24 * 60 })), { maxLength: 14 });

interface Happened {
  readonly event: TransferCaseEvent;
  /** When it happened (for a declaration: when its notice was given; the readiness itself is `declaredAt`). */
  readonly occurredAt: Instant;
}

const ADMITTED = 0;

const happenings = (facts: readonly [Fact, number][], noticeAfterMinutes: number): Happened[] => {
  const admission: Happened = {
    event: {
      type: 'AdmissionNotified',
      data: {
        caseId: CASE_ID,
        patient: { nationalId: '01017012345', name: 'Kari Nordmann' },
        hospital: { orgNumber: '974589095', name: 'Sykehuset', department: 'Medisinsk' },
        municipalityCode: OSLO_MUNICIPALITY,
        admittedAt: at(ADMITTED),
        expectedNeeds: 'home care',
      },
    },
    occurredAt: at(ADMITTED + noticeAfterMinutes),
  };
  let minute = ADMITTED + noticeAfterMinutes;
  return [
    admission,
    ...facts.map(([next, gap], index): Happened => {
      minute += gap;
      const when = at(minute);
      switch (next.kind) {
        case 'declare':
          return {
            event: { type: 'DischargeReadinessDeclared', data: { declaredAt: when, criteria: ALL_CRITERIA } },
            occurredAt: at(minute + next.noticeDelayMinutes),
          };
        case 'revoke':
          return { event: { type: 'DischargeReadinessRevoked', data: { revokedAt: when, reason: 'complication' } }, occurredAt: when };
        case 'respond': {
          const expected =
            next.canReceive || next.expectedInDays === null
              ? {}
              : { expectedReadyDate: osloDateOf(at(minute + next.expectedInDays * 24 * 60)) };
          return {
            event: { type: 'MunicipalResponseGiven', data: { respondedAt: when, canReceive: next.canReceive, ...expected } },
            occurredAt: when,
          };
        }
        case 'visit':
          return {
            event: {
              type: 'MunicipalVisitConducted',
              data: {
                visitId: `v${index}`,
                occurredAt: when,
                mode: 'in_person',
                participants: [{ role: 'user' }, { role: 'municipal_caseworker' }],
                informationGiven: 'The options',
              },
            },
            occurredAt: when,
          };
        case 'decline':
          return { event: { type: 'UserDeclinedDialogue', data: { occurredAt: when } }, occurredAt: when };
        case 'transfer':
          return { event: { type: 'PatientTransferred', data: { transferredAt: when, decisionId: 'd1' } }, occurredAt: when };
        case 'withdraw':
          return { event: { type: 'CaseWithdrawn', data: { reason: 'died' } }, occurredAt: when };
      }
    }),
  ];
};

/** `happened` recorded in `order` (indexes into it, the admission first), each `delays[i]` minutes after it happened. */
const recorded = (happened: readonly Happened[], order: readonly number[], delays: readonly number[]): CaseEventRecord[] =>
  order.map((index, revision) => {
    const { event, occurredAt } = happened[index]!;
    return {
      ...event,
      occurredAt,
      recordedAt: new Date(Date.parse(occurredAt) + delays[index]! * MINUTE).toISOString(),
      revision,
    } as CaseEventRecord;
  });

/** A recording of the story: the admission first, the rest in any order, each after any delay up to two years. */
const recording = (size: number) =>
  fc.tuple(
    fc.shuffledSubarray(
      Array.from({ length: size - 1 }, (_, i) => i + 1),
      { minLength: size - 1, maxLength: size - 1 },
    ),
    fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 * 365 * 24 * 60 })), { minLength: size, maxLength: size }),
  ).map(([rest, delays]) => ({ order: [0, ...rest], delays }));

const storyAndTwoRecordings = fc
  .tuple(story, fc.integer({ min: 1, max: 48 * 60 }))
  .map(([facts, noticeAfter]) => happenings(facts, noticeAfter))
  .chain((happened) =>
    fc.tuple(fc.constant(happened), recording(happened.length), recording(happened.length)),
  );

/** The story in the order it happened, recorded at once: the reference. */
const asItHappened = (happened: readonly Happened[]) => recorded(happened, happened.map((_, i) => i), happened.map(() => 0));

const config = parseRegulationConfig({ rulesVersion: 'property', deadlines: { visit: { unit: 'working_days', amount: 2 } } });
const NOW = at(120 * 24 * 60);

/**
 * What a deadline or period says about the case, without the revisions that name them (those follow the recording
 * order by design: `<caseId>.<kind>.<triggerRevision>`): the trigger is named by the fact it is.
 */
const factOf = (records: readonly CaseEventRecord[], revision: number): string => {
  const record = records.find((candidate) => candidate.revision === revision)!;
  return `${record.type}@${record.type === 'DischargeReadinessDeclared' ? record.data.declaredAt : record.occurredAt}`;
};

const deadlinesSaid = (records: readonly CaseEventRecord[]) =>
  computeDeadlines(records, config)
    .map(({ deadlineId: _id, triggerRevision, ...deadline }: Deadline) => ({ ...deadline, trigger: factOf(records, triggerRevision) }))
    .sort((a, b) => `${a.kind} ${a.trigger}`.localeCompare(`${b.kind} ${b.trigger}`));

const liabilitySaid = (records: readonly CaseEventRecord[]) => {
  const { periods, ...rest }: CaseLiability = computeLiability(records, config, NOW);
  return {
    ...rest,
    periods: periods
      .map(({ declarationRevision, ...period }) => ({ ...period, declaration: factOf(records, declarationRevision) }))
      .sort((a, b) => a.from.localeCompare(b.from)),
  };
};

describe('the legal clock, whatever order and delay the facts are recorded in', () => {
  it('gives the same deadlines, compliance and liability as the story recorded as it happened', () => {
    fc.assert(
      fc.property(storyAndTwoRecordings, ([happened, first, second]) => {
        const reference = asItHappened(happened);
        for (const { order, delays } of [first, second]) {
          const records = recorded(happened, order, delays);
          expect(deadlinesSaid(records)).toEqual(deadlinesSaid(reference));
          expect(caseCompliance(records, config)).toEqual(caseCompliance(reference, config));
          expect(liabilitySaid(records)).toEqual(liabilitySaid(reference));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('changes only the backdated marks: a fact recorded more than 24 hours after it happened', () => {
    fc.assert(
      fc.property(storyAndTwoRecordings, ([happened, { order, delays }]) => {
        const records = recorded(happened, order, delays);
        for (const record of records) {
          const delay = delays[order[record.revision]!]!;
          expect(isBackdated(record.occurredAt, record.recordedAt)).toBe(delay > 24 * 60);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('is exercised: the stories owe days, close periods by every kind of end, and meet and miss deadlines', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(storyAndTwoRecordings, ([happened]) => {
        const reference = asItHappened(happened);
        for (const period of computeLiability(reference, config, NOW).periods) seen.add(period.to === null ? 'running' : 'ended');
        for (const deadline of computeDeadlines(reference, config)) seen.add(`${deadline.kind}:${deadline.status}`);
      }),
      { numRuns: 400 },
    );
    expect([...seen]).toEqual(
      expect.arrayContaining([
        'running',
        'ended',
        'municipal_response:met',
        'municipal_response:missed',
        'municipal_response:cancelled',
        'expected_ready:met',
        'readiness_notice:missed',
        'visit:met',
        'visit:cancelled',
      ]),
    );
  });
});
