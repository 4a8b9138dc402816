import fc from 'fast-check';
import { CaseView } from './case-view.js';
import type { TransferCaseCommand } from './commands.js';
import { Decider } from './decider.js';
import {
  CHOICE_STATED_BY,
  DEADLINE_KINDS,
  DECIDED_BY_ROLES,
  DEVIATION_CATEGORIES,
  FOLLOW_UP_OUTCOMES,
  PARTICIPANT_ROLES,
  PRESENTATION_CHANNELS,
  REVOCATION_REASONS,
  SERVICE_TYPES,
  VISIT_MODES,
  WISH_CHANNELS,
  WISH_SOURCES,
  WITHDRAWAL_REASONS,
  type Instant,
  type PresentedOption,
  type ServiceType,
  type TransferCaseEvent,
} from './events.js';
import { DOMAIN_RULES } from './rules.js';
import { ADMITTED_AT, CASE_ID, CONTEXT, NATIONAL_ID, NOW, at, cmd } from './spec-helpers.js';
import { CASE_STATUSES, type TransferCaseState } from './state.js';
import { ownFactTime } from './event-times.js';
import { FUTURE_TOLERANCE_MS } from '#libs/domain/bounded-values/time-bounds.js';

/**
 * Random sequences of commands, valid and not, drawn from small pools of ids so that they
 * often refer to each other. By default each happens a little after the one before; some
 * carry odd times (before admission, in the future, unreadable) or name another case.
 */

interface Base {
  caseId: string;
  occurredAt: Instant;
}
type Step = (defaultTime: Instant) => TransferCaseCommand;

const oneOf = <T>(values: readonly T[]) => fc.constantFrom(...values);
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 2 });
const id = (prefix: string, count: number) => fc.integer({ min: 1, max: count }).map((n) => `${prefix}${n}`);
const rarely = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

const anyTime = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 104 }).map((halfHours) => at(halfHours / 2)) },
  { weight: 1, arbitrary: fc.constant(at(-1)) },
  { weight: 1, arbitrary: fc.constant(at(60)) },
  { weight: 1, arbitrary: fc.constant('2026-03-02 10:00') },
);
const eventTime = rarely(anyTime);
/** An event's own time field: mostly left to occurredAt, sometimes given the same, rarely another instant (refused). */
const ownTime = fc.oneof(
  { weight: 10, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constant('same' as const) },
  { weight: 1, arbitrary: anyTime },
);
/** The command's fields with `same` resolved to its occurredAt. */
const withOwnTime = <T extends object>(fields: T, base: Base): T =>
  Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value === 'same' ? base.occurredAt : value])) as T;
const serviceType = oneOf(SERVICE_TYPES);

const step = <T>(fields: fc.Arbitrary<T>, make: (fields: T, base: Base) => TransferCaseCommand): fc.Arbitrary<Step> =>
  fc
    .tuple(fields, rarely(fc.constant('another-case')), rarely(anyTime))
    .map(([f, caseId, occurredAt]) => (defaultTime) =>
      make(f, { caseId: caseId ?? CASE_ID, occurredAt: occurredAt ?? defaultTime }),
    );

const notifyAdmission = step(
  fc.record({
    nationalId: oneOf([NATIONAL_ID, NATIONAL_ID, '15057600362', '31045000306']),
    orgNumber: oneOf(['993467049', '993467049', '993467040']),
    municipalityCode: oneOf(['0301', '0301', '301']),
    expectedNeeds: oneOf(['Personal care', 'Personal care', 'Rehabilitation']),
    functionalAssessment: optional(fc.dictionary(oneOf(['mobility', 'nutrition']), fc.integer({ min: 0, max: 6 }))),
  }),
  ({ nationalId, orgNumber, ...rest }, base) => ({
    type: 'NotifyAdmission',
    ...base,
    patient: { nationalId, name: 'Kari Nordmann' },
    hospital: { orgNumber, name: 'OUS', department: 'Geriatri' },
    admittedAt: ADMITTED_AT,
    ...rest,
  }),
);

const validAdmission: fc.Arbitrary<Step> = fc.constant((occurredAt) => cmd.notifyAdmission({ occurredAt }));

const option = fc.record({ optionId: id('o', 3), serviceType, available: optional(fc.boolean()) });
const options = fc
  .oneof(
    { weight: 4, arbitrary: fc.uniqueArray(option, { selector: (o) => o.optionId, minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.array(option, { maxLength: 3 }) },
  )
  .map((list) =>
    list.map(({ available, ...o }): PresentedOption => ({
      ...o,
      description: 'An option',
      consequences: 'Its consequences',
      ...(available !== undefined && { available }),
    })),
  );

const often = (arbitrary: fc.Arbitrary<Step>) => ({ weight: 4, arbitrary });
const seldom = (arbitrary: fc.Arbitrary<Step>) => ({ weight: 1, arbitrary });

const criterion = fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
const criteria = fc.record({
  admissionProblemsClarified: criterion,
  otherProblemsClarified: criterion,
  diagnosisAndPlanSettled: criterion,
  functionalLevelAssessed: criterion,
});

/** Mostly a channel with what it needs; sometimes any mix. */
const presentationChannel = fc.oneof(
  fc.constant({ channel: 'written' as const, visitId: undefined }),
  id('v', 2).map((visitId) => ({ channel: 'in_dialogue' as const, visitId })),
  fc.record({ channel: oneOf(PRESENTATION_CHANNELS), visitId: optional(id('v', 2)) }),
);

const commandOnCase: fc.Arbitrary<Step> = fc.oneof(
  seldom(notifyAdmission),
  often(step(serviceType, (type, base) => ({ type: 'GiveHospitalRecommendation', ...base, serviceType: type, rationale: 'Why' }))),
  often(
    step(
      fc.record({ source: oneOf(WISH_SOURCES), channel: oneOf(WISH_CHANNELS), serviceType: optional(serviceType) }),
      (f, base) => ({ type: 'RelayUserWish', ...base, ...f, statement: 'A wish' }),
    ),
  ),
  often(
    step(fc.record({ declaredAt: eventTime, criteria }), (f, base) => ({ type: 'DeclareDischargeReadiness', ...base, ...f })),
  ),
  often(
    step(fc.record({ revokedAt: ownTime, reason: oneOf(REVOCATION_REASONS) }), (f, base) => ({
      type: 'RevokeDischargeReadiness',
      ...base,
      ...withOwnTime(f, base),
    })),
  ),
  often(
    step(
      fc.record({
        respondedAt: ownTime,
        canReceive: fc.boolean(),
        expectedReadyDate: optional(oneOf(['2026-03-05', '05.03.2026'])),
        plannedTransferDate: optional(fc.constant('2026-03-06')),
      }),
      (f, base) => ({ type: 'GiveMunicipalResponse', ...base, ...withOwnTime(f, base) }),
    ),
  ),
  often(
    step(fc.record({ visitId: id('v', 2), scheduledFor: anyTime }), (f, base) => ({
      type: 'ScheduleMunicipalVisit',
      ...base,
      ...f,
      location: 'Ward 4',
    })),
  ),
  often(
    step(
      fc.record({
        visitId: id('v', 2),
        mode: oneOf(VISIT_MODES),
        participants: fc.subarray([...PARTICIPANT_ROLES]).map((roles) => roles.map((role) => ({ role }))),
      }),
      (f, base) => ({ type: 'RecordMunicipalVisit', ...base, ...f, informationGiven: 'Information' }),
    ),
  ),
  often(
    step(
      fc.record({ presentationId: id('p', 2), presentedAt: ownTime, where: presentationChannel, options }),
      ({ where, ...f }, base) => ({ type: 'PresentOptions', ...base, ...withOwnTime(f, base), ...where }),
    ),
  ),
  often(
    step(
      fc.record({ presentationId: id('p', 2), optionId: id('o', 3), statedBy: oneOf(CHOICE_STATED_BY) }),
      (f, base) => ({ type: 'RecordUserChoice', ...base, ...f }),
    ),
  ),
  often(step(optional(fc.constant('Not now')), (statement, base) => ({ type: 'RecordDeclinedDialogue', ...base, statement }))),
  often(
    step(
      fc.record({
        decisionId: id('d', 2),
        serviceType,
        serviceDescription: optional(fc.constant('Day centre')),
        decidedAt: ownTime,
        decidedBy: oneOf(DECIDED_BY_ROLES).map((role) => ({ role })),
        deviationReason: optional(fc.record({ category: oneOf(DEVIATION_CATEGORIES), text: oneOf(['No bed', ' ']) })),
      }),
      (f, base) => ({ type: 'DecideAllocation', ...base, ...withOwnTime(f, base), startDate: '2026-03-04', rationale: 'Because' }),
    ),
  ),
  often(
    step(fc.record({ decisionId: id('d', 3), appealedAt: ownTime }), (f, base) => ({
      type: 'AppealDecision',
      ...base,
      ...withOwnTime(f, base),
      grounds: 'Unfair',
    })),
  ),
  often(
    step(fc.record({ decisionId: id('d', 3), transferredAt: ownTime }), (f, base) => ({
      type: 'TransferPatient',
      ...base,
      ...withOwnTime(f, base),
    })),
  ),
  seldom(
    step(fc.record({ reason: oneOf(WITHDRAWAL_REASONS), details: optional(fc.constant('Details')) }), (f, base) => ({
      type: 'WithdrawCase',
      ...base,
      ...f,
    })),
  ),
  often(
    step(fc.record({ outcome: oneOf(FOLLOW_UP_OUTCOMES), reviewedAt: ownTime }), (f, base) => ({
      type: 'RecordFollowUp',
      ...base,
      ...withOwnTime(f, base),
    })),
  ),
  often(
    step(fc.record({ deadline: oneOf(DEADLINE_KINDS), deadlineId: id('dl', 2), dueAt: anyTime }), (f, base) => ({
      type: 'RecordDeadlineMiss',
      ...base,
      ...f,
    })),
  ),
);

/** The happy path, with random choices, for random commands to be mixed into. */
const storyline: fc.Arbitrary<Step[]> = fc
  .record({
    optionId: oneOf(['o1', 'o2']),
    serviceType,
    deviationReason: optional(fc.record({ category: oneOf(DEVIATION_CATEGORIES), text: fc.constant('No bed') })),
  })
  .map(({ optionId, serviceType: decided, deviationReason }) => [
    (occurredAt) => cmd.declareDischargeReadiness({ occurredAt }),
    (occurredAt) => cmd.scheduleMunicipalVisit({ occurredAt }),
    (occurredAt) => cmd.recordMunicipalVisit({ occurredAt }),
    (occurredAt) => cmd.presentOptions({ occurredAt }),
    (occurredAt) => cmd.recordUserChoice({ occurredAt, optionId }),
    (occurredAt) => cmd.decideAllocation({ occurredAt, serviceType: decided, deviationReason }),
    (occurredAt) => cmd.transferPatient({ occurredAt }),
    (occurredAt) => cmd.recordFollowUp({ occurredAt }),
  ]);

const MAX_STEPS = 32;
const HOURS_PER_STEP = 50 / MAX_STEPS;

const interleave = (story: Step[], noise: Step[], storyFirst: boolean[]): Step[] => {
  const [s, n] = [[...story], [...noise]];
  const merged = storyFirst.flatMap((takeStory) => (takeStory ? s.splice(0, 1) : n.splice(0, 1)));
  return [...merged, ...s, ...n];
};

const stories = fc
  .tuple(storyline, fc.array(commandOnCase, { maxLength: 20 }), fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }))
  .map(([story, noise, storyFirst]) => interleave(story, noise, storyFirst));

const scenario = fc
  .tuple(
    fc.oneof({ weight: 9, arbitrary: validAdmission }, { weight: 1, arbitrary: commandOnCase }),
    fc.oneof(stories, fc.array(commandOnCase, { maxLength: MAX_STEPS - 1, size: 'max' })),
  )
  .map(([first, rest]) => [first, ...rest].map((make, i) => make(at(i * HOURS_PER_STEP))));

interface Recorded {
  command: TransferCaseCommand;
  event: TransferCaseEvent;
}

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
};

/** Runs the commands through decide and evolve; decide must neither throw nor touch its inputs. */
const run = (commands: readonly TransferCaseCommand[]): { recorded: Recorded[]; state: TransferCaseState } => {
  let state = Decider.initialState;
  const recorded: Recorded[] = [];
  for (const command of commands) {
    const result = Decider.decide(deepFreeze(command), deepFreeze(state), CONTEXT);
    if (!result.ok) {
      expect(Object.keys(result).sort()).toEqual(['error', 'ok']);
      expect(DOMAIN_RULES).toContain(result.error.rule);
      expect(result.error.message).not.toBe('');
      continue;
    }
    for (const event of result.events) {
      state = Decider.evolve(state, event);
      recorded.push({ command, event });
    }
  }
  return { recorded, state };
};

const TIME_FIELDS = [
  'admittedAt',
  'declaredAt',
  'revokedAt',
  'respondedAt',
  'occurredAt',
  'presentedAt',
  'decidedAt',
  'appealedAt',
  'transferredAt',
  'reviewedAt',
  'dueAt',
];
const MUNICIPAL = ['municipal_caseworker', 'municipal_coordinator'];
const ms = (instant: string): number => Date.parse(instant);

/** The invariants of domain.md, checked on the recorded history independently of the decider. */
const expectInvariants = (recorded: readonly Recorded[]): void => {
  const events = recorded.map((r) => r.event);
  if (events.length === 0) return;
  expect(events[0]?.type).toBe('AdmissionNotified');
  expect(events.filter((e) => e.type === 'AdmissionNotified')).toHaveLength(1);

  let closedBy: 'PatientTransferred' | 'CaseWithdrawn' | null = null;
  let readinessStands = false;
  let lastRevokedAt: string | null = null;
  /** The latest choice stated by the user, the guardian, and a relative or advocate: the first there is decides. */
  const latestChoiceBy: { user?: ServiceType; guardian?: ServiceType; proxy?: ServiceType } = {};
  const conductedVisits = new Set<string>();
  const presentations = new Map<string, PresentedOption[]>();
  const decisions = new Map<string, { decidedAt: string; appealed: boolean }>();
  const deadlineIds = new Set<string>();

  for (const { command, event } of recorded) {
    if (closedBy === 'CaseWithdrawn') throw new Error(`${event.type} recorded after CaseWithdrawn`);
    if (closedBy === 'PatientTransferred') expect(['FollowUpRecorded', 'DecisionAppealed']).toContain(event.type);

    const data = event.data as unknown as Record<string, unknown>;
    // An event with its own time field happened then, and the command said so: its occurredAt is that instant.
    const own = ownFactTime(event);
    if (own !== undefined) expect(ms(own)).toBe(ms(command.occurredAt));
    const times = [command.occurredAt, ...TIME_FIELDS.filter((f) => typeof data[f] === 'string').map((f) => data[f] as string)];
    for (const time of times) {
      expect(Number.isNaN(ms(time))).toBe(false);
      expect(ms(time)).toBeGreaterThanOrEqual(ms(ADMITTED_AT));
      expect(ms(time)).toBeLessThanOrEqual(NOW.getTime() + FUTURE_TOLERANCE_MS);
    }

    switch (event.type) {
      case 'DischargeReadinessDeclared':
        expect(readinessStands).toBe(false);
        expect(Object.values(event.data.criteria)).toEqual([true, true, true, true]);
        if (lastRevokedAt !== null) expect(ms(event.data.declaredAt)).toBeGreaterThanOrEqual(ms(lastRevokedAt));
        readinessStands = true;
        break;
      case 'DischargeReadinessRevoked':
        expect(readinessStands).toBe(true);
        readinessStands = false;
        lastRevokedAt = event.data.revokedAt;
        break;
      case 'MunicipalVisitConducted':
        expect(event.data.participants.some((p) => MUNICIPAL.includes(p.role))).toBe(true);
        expect(conductedVisits.has(event.data.visitId)).toBe(false);
        conductedVisits.add(event.data.visitId);
        break;
      case 'OptionsPresented': {
        const ids = event.data.options.map((o) => o.optionId);
        expect(ids.length).toBeGreaterThan(0);
        expect(new Set(ids).size).toBe(ids.length);
        expect(presentations.has(event.data.presentationId)).toBe(false);
        if (event.data.channel === 'in_dialogue') expect(conductedVisits.has(event.data.visitId ?? '')).toBe(true);
        else expect(event.data.visitId).toBeUndefined();
        presentations.set(event.data.presentationId, event.data.options);
        break;
      }
      case 'UserChoiceRecorded': {
        const option = presentations.get(event.data.presentationId)?.find((o) => o.optionId === event.data.optionId);
        expect(option).toBeDefined();
        const by = event.data.statedBy === 'relative' || event.data.statedBy === 'advocate' ? 'proxy' : event.data.statedBy;
        latestChoiceBy[by] = option!.serviceType;
        break;
      }
      case 'AllocationDecided': {
        expect(decisions.has(event.data.decisionId)).toBe(false);
        const deciding = latestChoiceBy.user ?? latestChoiceBy.guardian ?? latestChoiceBy.proxy;
        if (deciding !== undefined && deciding !== event.data.serviceType) {
          expect(event.data.deviationReason?.text.trim()).toBeTruthy();
        }
        if (event.data.serviceType === 'other') expect(event.data.serviceDescription).toBeTruthy();
        decisions.set(event.data.decisionId, { decidedAt: event.data.decidedAt, appealed: false });
        break;
      }
      case 'DecisionAppealed': {
        const decision = decisions.get(event.data.decisionId);
        expect(decision?.appealed).toBe(false);
        expect(ms(event.data.appealedAt)).toBeGreaterThanOrEqual(ms(decision!.decidedAt));
        decisions.set(event.data.decisionId, { ...decision!, appealed: true });
        break;
      }
      case 'PatientTransferred': {
        const decision = decisions.get(event.data.decisionId);
        expect(decision).toBeDefined();
        expect(ms(event.data.transferredAt)).toBeGreaterThanOrEqual(ms(decision!.decidedAt));
        closedBy = 'PatientTransferred';
        break;
      }
      case 'CaseWithdrawn':
        closedBy = 'CaseWithdrawn';
        break;
      case 'FollowUpRecorded':
        expect(closedBy).toBe('PatientTransferred');
        break;
      case 'DeadlineMissed':
        expect(deadlineIds.has(event.data.deadlineId)).toBe(false);
        expect(ms(event.data.dueAt)).toBeLessThanOrEqual(ms(command.occurredAt));
        deadlineIds.add(event.data.deadlineId);
        break;
      default:
        break;
    }
  }
};

describe('the transfer case decider, for any sequence of commands', () => {
  it('never throws, refuses with a known rule and records nothing when it refuses, and keeps every invariant', () => {
    fc.assert(
      fc.property(scenario, (commands) => {
        const { recorded, state } = run(commands);
        expectInvariants(recorded);
        expect(CaseView(state)?.status ?? null).toBe(state.status);
      }),
      { numRuns: 300 },
    );
  });

  it('evolves any recorded events in any order, repeated or not, without throwing', () => {
    const shuffled = scenario
      .map((commands) => run(commands).recorded.map((r) => r.event))
      .chain((events) => fc.shuffledSubarray([...events, ...events], { minLength: 0 }));
    fc.assert(
      fc.property(shuffled, (events) => {
        const state = events.reduce(Decider.evolve, Decider.initialState);
        expect([null, ...CASE_STATUSES]).toContain(state.status);
        expect(() => JSON.stringify(CaseView(state))).not.toThrow();
      }),
      { numRuns: 150 },
    );
  });

  it('is exercised: the random scenarios reach every kind of event', () => {
    const seen = new Set<string>();
    for (const commands of fc.sample(scenario, { numRuns: 200, seed: 20260301 })) {
      for (const { event } of run(commands).recorded) {
        seen.add(event.type);
        if (event.type === 'AllocationDecided' && event.data.deviationReason) seen.add('AllocationDecided with deviationReason');
      }
    }
    expect([...seen].sort()).toEqual(
      [
        'AdmissionNotified',
        'AllocationDecided',
        'AllocationDecided with deviationReason',
        'CaseWithdrawn',
        'DeadlineMissed',
        'DecisionAppealed',
        'DischargeReadinessDeclared',
        'DischargeReadinessRevoked',
        'FollowUpRecorded',
        'HospitalRecommendationGiven',
        'MunicipalResponseGiven',
        'MunicipalVisitConducted',
        'MunicipalVisitScheduled',
        'OptionsPresented',
        'PatientTransferred',
        'UserChoiceRecorded',
        'UserDeclinedDialogue',
        'UserWishRelayed',
      ].sort(),
    );
  });
});
