import fc from 'fast-check';
import {
  PARTICIPANT_ROLES,
  SERVICE_TYPES,
  type CaseEventRecord,
  type ChoiceStatedBy,
  type DecidedByRole,
  type FollowUpOutcome,
  type ServiceType,
  type VisitMode,
  type VisitParticipant,
  type WishChannel,
  type WishSource,
} from '#libs/domain/transfer-case/events.js';
import {
  LADDER_STEPS,
  LEVELS,
  RULE_VERSION,
  assessAllocations,
  type AllocationAssessment,
} from './allocation-assessment.js';
import { InvalidCaseHistoryError } from '#libs/domain/transfer-case/case-stream.js';
import { pseudonymizeNationalId } from './pseudonym.js';
import {
  SAMPLE_HOSPITAL_ORG_NUMBER,
  SAMPLE_MUNICIPALITY_CODE,
  SAMPLE_NATIONAL_ID,
  caseHistory,
  type CaseHistoryBuilder,
  type OptionSpec,
} from './testing/case-history.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hmac';
const options = { pseudonymize: (nationalId: string) => pseudonymizeNationalId(SECRET, nationalId) };
const assess = (events: readonly CaseEventRecord[]): AllocationAssessment[] => assessAllocations(events, options);

const onlyAssessment = (events: readonly CaseEventRecord[]): AllocationAssessment => {
  const assessments = assess(events);
  expect(assessments).toHaveLength(1);
  return assessments[0]!;
};

const USER_AND_CASEWORKER = ['user', 'municipal_caseworker'] as const;

/** Notice, readiness, a visit with the user, home care or a short-term stay offered with their consequences. */
const visitWithAlternatives = (): CaseHistoryBuilder =>
  caseHistory()
    .admitted()
    .readyForDischarge()
    .visited(USER_AND_CASEWORKER)
    .optionsPresented(['home_care', 'short_term_stay']);

describe('assessAllocations: the examples of participation.md', () => {
  it('a decision on the notice alone, with no wish and no visit, is brukerperspektiv', () => {
    const assessment = onlyAssessment(caseHistory().admitted().readyForDischarge().decided('home_care').build());

    expect(assessment).toMatchObject({
      basis: 'written_notice',
      level: 'deltakelse',
      ladderStep: 'brukerperspektiv',
      influenceQuality: null,
    });
  });

  it('a wish phoned in by a relative is brukerdeltakelse: a call with a relative is no dialogue with the user', () => {
    const assessment = onlyAssessment(
      caseHistory().admitted().wishRelayed('relative', 'phone', 'rehabilitation').decided('rehabilitation').build(),
    );

    expect(assessment).toMatchObject({ basis: 'written_notice', level: 'deltakelse', ladderStep: 'brukerdeltakelse' });
  });

  it("the hospital's recommendation and a wish relayed by hospital staff are the professionals' view", () => {
    const assessment = onlyAssessment(
      caseHistory()
        .admitted()
        .hospitalRecommended('long_term_stay')
        .wishRelayed('hospital_staff', 'written', 'long_term_stay')
        .decided('long_term_stay')
        .build(),
    );

    expect(assessment).toMatchObject({
      basis: 'written_notice',
      level: 'deltakelse',
      ladderStep: 'brukerperspektiv',
      followedHospitalRecommendation: true,
    });
  });

  it('a visit presenting the alternatives and their consequences, where the user chooses, is full influence', () => {
    const assessment = onlyAssessment(
      visitWithAlternatives().chose('short_term_stay').decided('short_term_stay').build(),
    );

    expect(assessment).toMatchObject({
      basis: 'direct_dialogue',
      level: 'innflytelse',
      ladderStep: 'brukerinnflytelse',
      influenceQuality: 'full',
      missingConditions: [],
      conditions: {
        alternativesPresented: true,
        consequencesExplained: true,
        preferenceRecorded: true,
        decisionFollowsPreference: true,
      },
    });
  });

  it('deciding against the choice for lack of capacity is partial influence', () => {
    const assessment = onlyAssessment(
      visitWithAlternatives().chose('short_term_stay').decided('home_care', { deviation: 'capacity' }).build(),
    );

    expect(assessment).toMatchObject({
      level: 'innflytelse',
      influenceQuality: 'partial',
      missingConditions: ['decisionFollowsPreference'],
      deviationCategory: 'capacity',
    });
  });

  it('a visit without options is brukerdeltakelse: the user was consulted', () => {
    const assessment = onlyAssessment(
      caseHistory().admitted().visited(USER_AND_CASEWORKER).decided('home_care').build(),
    );

    expect(assessment).toMatchObject({
      basis: 'direct_dialogue',
      level: 'innflytelse',
      ladderStep: 'brukerdeltakelse',
      influenceQuality: 'partial',
    });
  });

  it('a visit with only a relative and a caseworker is no dialogue with the user', () => {
    const assessment = onlyAssessment(
      caseHistory().admitted().visited(['relative', 'municipal_caseworker']).decided('home_care').build(),
    );

    expect(assessment).toMatchObject({ basis: 'written_notice', level: 'deltakelse' });
  });

  it('a visit recorded after the decision, back-dated before it, leaves it deltakelse and is listed as late', () => {
    const events = caseHistory()
      .admitted()
      .readyForDischarge()
      .decided('home_care')
      .backdated(3)
      .visited(USER_AND_CASEWORKER)
      .build();
    const visit = events.at(-1)!;

    expect(onlyAssessment(events)).toMatchObject({
      level: 'deltakelse',
      lateRegistrations: [
        { type: 'MunicipalVisitConducted', occurredAt: visit.occurredAt, recordedAt: visit.recordedAt },
      ],
    });
  });
});

describe('assessAllocations: the ladder', () => {
  it('a decision taken by the user after a dialogue is brukerstyring', () => {
    const assessment = onlyAssessment(
      caseHistory().admitted().visited(USER_AND_CASEWORKER).decided('home_care', { by: 'user' }).build(),
    );

    expect(assessment).toMatchObject({ level: 'innflytelse', ladderStep: 'brukerstyring' });
  });

  it('a decision by the user without any dialogue is not brukerstyring (the rule asks for direct dialogue)', () => {
    const assessment = onlyAssessment(caseHistory().admitted().decided('home_care', { by: 'user' }).build());

    expect(assessment).toMatchObject({ basis: 'written_notice', ladderStep: 'brukerperspektiv' });
  });

  it("a guardian meeting the municipality is dialogue on the user's behalf", () => {
    const assessment = onlyAssessment(
      caseHistory().admitted().visited(['guardian', 'municipal_coordinator']).decided('home_care').build(),
    );

    expect(assessment).toMatchObject({ basis: 'direct_dialogue', level: 'innflytelse' });
  });

  it('phone and video are dialogue too, and the modes of the counted dialogues are reported', () => {
    const assessment = onlyAssessment(
      caseHistory()
        .admitted()
        .visited(USER_AND_CASEWORKER, { mode: 'phone' })
        .visited(['guardian', 'municipal_coordinator'], { mode: 'video' })
        .visited(['relative', 'municipal_caseworker'], { mode: 'in_person' })
        .decided('home_care')
        .build(),
    );

    expect(assessment).toMatchObject({ basis: 'direct_dialogue', dialogueModes: ['video', 'phone'] });
  });

  it('options presented in dialogue at a visit without the user do not give brukerinnflytelse', () => {
    const assessment = onlyAssessment(
      caseHistory()
        .admitted()
        .visited(USER_AND_CASEWORKER)
        .visited(['relative', 'municipal_caseworker'])
        .optionsPresented(['home_care', 'short_term_stay'])
        .decided('home_care')
        .build(),
    );

    expect(assessment).toMatchObject({ ladderStep: 'brukerdeltakelse', conditions: { alternativesPresented: true } });
  });

  it('alternatives presented only in writing are alternatives, but not influence in dialogue', () => {
    const assessment = onlyAssessment(
      caseHistory()
        .admitted()
        .visited(USER_AND_CASEWORKER)
        .optionsPresented(['home_care', 'rehabilitation'], { channel: 'written' })
        .decided('home_care')
        .build(),
    );

    expect(assessment).toMatchObject({ ladderStep: 'brukerdeltakelse', conditions: { alternativesPresented: true } });
  });

  it('options of a single service type are no alternatives', () => {
    const assessment = onlyAssessment(
      caseHistory()
        .admitted()
        .visited(USER_AND_CASEWORKER)
        .optionsPresented(['short_term_stay', 'short_term_stay'])
        .chose('short_term_stay')
        .decided('short_term_stay')
        .build(),
    );

    expect(assessment).toMatchObject({
      ladderStep: 'brukerdeltakelse',
      conditions: { alternativesPresented: false, consequencesExplained: false },
      missingConditions: ['alternativesPresented', 'consequencesExplained'],
    });
  });
});

describe('assessAllocations: the conditions', () => {
  it('a choice stated only by a relative is a proxy choice, not a recorded preference', () => {
    const assessment = onlyAssessment(
      caseHistory()
        .admitted()
        .optionsPresented(['home_care', 'short_term_stay'], { channel: 'written' })
        .chose('home_care', 'relative')
        .decided('home_care')
        .build(),
    );

    expect(assessment).toMatchObject({
      basis: 'written_notice',
      ladderStep: 'brukerdeltakelse',
      proxyChoice: true,
      conditions: { preferenceRecorded: false, decisionFollowsPreference: true },
    });
  });

  it("the guardian's choice is a recorded preference", () => {
    const assessment = onlyAssessment(
      visitWithAlternatives().chose('home_care', 'guardian').decided('home_care').build(),
    );

    expect(assessment).toMatchObject({ proxyChoice: false, conditions: { preferenceRecorded: true } });
  });

  it('with no choice the decision does not follow a preference: it is unknown', () => {
    const assessment = onlyAssessment(visitWithAlternatives().decided('home_care').build());

    expect(assessment).toMatchObject({
      proxyChoice: false,
      conditions: { preferenceRecorded: false, decisionFollowsPreference: false },
    });
  });

  it("the user's latest choice is the preference the decision is measured against", () => {
    const assessment = onlyAssessment(
      visitWithAlternatives().chose('short_term_stay').chose('home_care').decided('home_care').build(),
    );

    expect(assessment.conditions.decisionFollowsPreference).toBe(true);
  });

  it("a relative's later statement never overrides the user's own choice", () => {
    const assessment = onlyAssessment(
      visitWithAlternatives().chose('short_term_stay').chose('home_care', 'relative').decided('home_care', { deviation: 'capacity' }).build(),
    );

    expect(assessment).toMatchObject({
      proxyChoice: false,
      conditions: { preferenceRecorded: true, decisionFollowsPreference: false },
      missingConditions: ['decisionFollowsPreference'],
    });
  });

  it("nor the guardian's: without the user's own choice, the guardian's decides", () => {
    const assessment = onlyAssessment(
      visitWithAlternatives().chose('short_term_stay', 'guardian').chose('home_care', 'advocate').decided('short_term_stay').build(),
    );

    expect(assessment).toMatchObject({ proxyChoice: false, conditions: { preferenceRecorded: true, decisionFollowsPreference: true } });
  });

  it("the user's own choice outranks the guardian's, even an earlier one", () => {
    const assessment = onlyAssessment(
      visitWithAlternatives().chose('home_care').chose('short_term_stay', 'guardian').decided('home_care').build(),
    );

    expect(assessment.conditions.decisionFollowsPreference).toBe(true);
  });

  it("with only a relative's and an advocate's statements, the latest of them decides, as a proxy choice", () => {
    const assessment = onlyAssessment(
      visitWithAlternatives().chose('home_care', 'relative').chose('short_term_stay', 'advocate').decided('short_term_stay').build(),
    );

    expect(assessment).toMatchObject({ proxyChoice: true, conditions: { preferenceRecorded: false, decisionFollowsPreference: true } });
  });

  it('options that cannot be had are no real alternatives, and are counted', () => {
    const assessment = onlyAssessment(
      caseHistory()
        .admitted()
        .visited(USER_AND_CASEWORKER)
        .optionsPresented(['home_care', { serviceType: 'long_term_stay', available: false }, { serviceType: 'rehabilitation', available: false }])
        .chose('home_care')
        .decided('home_care')
        .build(),
    );

    expect(assessment).toMatchObject({
      ladderStep: 'brukerdeltakelse',
      influenceQuality: 'partial',
      conditions: { alternativesPresented: false },
      unavailableOptionsPresented: 2,
    });
  });

  it('two available service types are alternatives, whatever unavailable ones are named beside them', () => {
    const assessment = onlyAssessment(
      caseHistory()
        .admitted()
        .visited(USER_AND_CASEWORKER)
        .optionsPresented(['home_care', { serviceType: 'short_term_stay', available: true }, { serviceType: 'long_term_stay', available: false }])
        .chose('home_care')
        .decided('home_care')
        .build(),
    );

    expect(assessment).toMatchObject({ ladderStep: 'brukerinnflytelse', influenceQuality: 'full', unavailableOptionsPresented: 1 });
  });

  it('consequences are unexplained when an option of the latest presentation with alternatives has none', () => {
    const blank: OptionSpec = { serviceType: 'short_term_stay', consequences: '   ' };
    const assessment = onlyAssessment(
      visitWithAlternatives()
        .optionsPresented(['home_care', blank])
        .optionsPresented(['home_care'])
        .chose('home_care')
        .decided('home_care')
        .build(),
    );

    expect(assessment).toMatchObject({
      influenceQuality: 'partial',
      missingConditions: ['consequencesExplained'],
    });
  });

  it('missing conditions are listed at the deltakelse level too', () => {
    const assessment = onlyAssessment(caseHistory().admitted().decided('home_care').build());

    expect(assessment.missingConditions).toEqual([
      'alternativesPresented',
      'consequencesExplained',
      'preferenceRecorded',
      'decisionFollowsPreference',
    ]);
  });
});

describe('assessAllocations: the evidence', () => {
  it('an earlier dialogue counts for a later decision, and every decision is assessed', () => {
    const events = caseHistory()
      .admitted()
      .decided('home_care')
      .visited(USER_AND_CASEWORKER)
      .optionsPresented(['home_care', 'rehabilitation'])
      .chose('rehabilitation')
      .decided('rehabilitation')
      .wait(72)
      .decided('home_care', { deviation: 'professional_need' })
      .build();

    expect(assess(events).map(({ decisionId, level, ladderStep }) => ({ decisionId, level, ladderStep }))).toEqual([
      { decisionId: 'decision-1', level: 'deltakelse', ladderStep: 'brukerperspektiv' },
      { decisionId: 'decision-2', level: 'innflytelse', ladderStep: 'brukerinnflytelse' },
      { decisionId: 'decision-3', level: 'innflytelse', ladderStep: 'brukerinnflytelse' },
    ]);
  });

  it('an event recorded before the decision but happening after it is not evidence', () => {
    const assessment = onlyAssessment(
      caseHistory().admitted().visited(USER_AND_CASEWORKER).backdated(2).decided('home_care').build(),
    );

    expect(assessment).toMatchObject({ basis: 'written_notice', lateRegistrations: [] });
  });

  it('an event at the very instant of the decision, recorded before it, is evidence', () => {
    const events = caseHistory({ spacingMinutes: 0 })
      .admitted()
      .visited(USER_AND_CASEWORKER)
      .decided('home_care')
      .build();

    expect(events[1]!.occurredAt).toBe(events[2]!.occurredAt);
    expect(onlyAssessment(events).basis).toBe('direct_dialogue');
  });

  it('lists late only what happened by the decision, at the instant the evidence rule reads', () => {
    const events = caseHistory()
      .admitted()
      .decided('home_care')
      .backdated(5)
      .readyForDischarge()
      .wishRelayed('user', 'phone', 'rehabilitation')
      .build();
    const [, decision, readiness] = events;

    expect(onlyAssessment(events).lateRegistrations).toEqual([
      { type: 'DischargeReadinessDeclared', occurredAt: readiness!.occurredAt, recordedAt: readiness!.recordedAt },
    ]);
    expect(Date.parse(readiness!.occurredAt)).toBeLessThan(Date.parse(decision!.occurredAt));
  });

  it('reads the history in stream order whatever order it is given in', () => {
    const events = visitWithAlternatives().chose('short_term_stay').decided('short_term_stay').build();

    expect(assess([...events].reverse())).toEqual(assess(events));
  });

  it('refuses a history that mixes cases or misses events', () => {
    const one = caseHistory().admitted().decided('home_care').build();
    const other = caseHistory({ caseId: 'another-case' }).admitted().build();

    expect(() => assess([...one, ...other])).toThrow(InvalidCaseHistoryError);
    expect(() => assess(one.slice(1))).toThrow(InvalidCaseHistoryError);
  });

  it('an empty history has nothing to assess', () => {
    expect(assess([])).toEqual([]);
  });
});

describe('assessAllocations: reported for the quality unit', () => {
  it('names the case, the decision and the patient only by pseudonym', () => {
    const events = caseHistory().admitted().decided('home_care').build();
    const decision = events[1]!;

    expect(onlyAssessment(events)).toMatchObject({
      caseId: '5b0c8a52-7f6e-4d1a-9c3b-2e8f1a6d4c70',
      decisionId: 'decision-1',
      decidedAt: decision.occurredAt,
      serviceType: 'home_care',
      municipalityCode: SAMPLE_MUNICIPALITY_CODE,
      hospitalOrgNumber: SAMPLE_HOSPITAL_ORG_NUMBER,
      patientPseudonym: pseudonymizeNationalId(SECRET, SAMPLE_NATIONAL_ID),
      ruleVersion: RULE_VERSION,
    });
    expect(JSON.stringify(onlyAssessment(events))).not.toContain(SAMPLE_NATIONAL_ID);
  });

  it('reports who supported the user and how many staff faced them in the largest dialogue', () => {
    const assessment = onlyAssessment(
      caseHistory()
        .admitted()
        .visited([
          'user',
          'relative',
          { role: 'advocate', independent: true },
          'peer_worker',
          'interpreter',
          'municipal_caseworker',
          'municipal_coordinator',
          'hospital_staff',
        ])
        .visited(['user', 'municipal_caseworker', 'municipal_caseworker'])
        .decided('home_care')
        .build(),
    );

    expect(assessment).toMatchObject({
      support: { relative: true, advocate: true, advocateIndependent: true, peerWorker: true, interpreter: true },
      professionalsPresent: 4,
    });
  });

  it('counts no support or staff from visits the user was not part of', () => {
    const assessment = onlyAssessment(
      caseHistory()
        .admitted()
        .visited(['user', 'municipal_caseworker', { role: 'advocate' }])
        .visited(['relative', 'interpreter', 'municipal_caseworker', 'municipal_coordinator', 'hospital_staff'])
        .decided('home_care')
        .build(),
    );

    expect(assessment).toMatchObject({
      support: { relative: false, advocate: true, advocateIndependent: false, peerWorker: false, interpreter: false },
      professionalsPresent: 1,
    });
  });

  it('with no dialogue there is no support and no staff present', () => {
    const assessment = onlyAssessment(caseHistory().admitted().decided('home_care').build());

    expect(assessment).toMatchObject({
      dialogueModes: [],
      support: { relative: false, advocate: false, advocateIndependent: false, peerWorker: false, interpreter: false },
      professionalsPresent: 0,
    });
  });

  it('compares the decision with the latest recommendation, and has nothing to compare without one', () => {
    const events = caseHistory()
      .admitted()
      .decided('home_care')
      .hospitalRecommended('rehabilitation')
      .hospitalRecommended('home_care')
      .decided('home_care')
      .build();

    expect(assess(events).map((assessment) => assessment.followedHospitalRecommendation)).toEqual([null, true]);
  });

  it("reports a declined dialogue as the user's own choice", () => {
    const assessment = onlyAssessment(caseHistory().admitted().declinedDialogue().decided('home_care').build());

    expect(assessment).toMatchObject({ participationDeclined: true, level: 'deltakelse' });
  });

  it('counts calendar days in Oslo from readiness to decision, across a change to summer time', () => {
    const events = caseHistory()
      .admitted()
      .at('2026-03-28T22:30:00.000Z') // 23:30 on 28 March in Oslo
      .readyForDischarge()
      .at('2026-03-29T22:30:00.000Z') // 00:30 on 30 March, after the clocks went forward
      .decided('home_care')
      .build();

    expect(onlyAssessment(events).daysFromReadinessToDecision).toBe(2);
  });

  it('has no readiness days without a declaration in force', () => {
    const events = caseHistory()
      .admitted()
      .decided('home_care')
      .readyForDischarge()
      .readinessRevoked()
      .decided('home_care')
      .readyForDischarge()
      .wait(30)
      .decided('short_term_stay')
      .build();

    expect(assess(events).map((assessment) => assessment.daysFromReadinessToDecision)).toEqual([null, null, 1]);
  });

  it("reports whether the decision told the user of the right to appeal, and null when it doesn't say", () => {
    const events = caseHistory()
      .admitted()
      .decided('home_care', { appealInformationGiven: true })
      .decided('home_care', { appealInformationGiven: false })
      .decided('home_care')
      .build();

    expect(assess(events).map((assessment) => assessment.appealInformationGiven)).toEqual([true, false, null]);
  });

  it('flags an appeal after four weeks as late: on a later Oslo day than the decision day + 28', () => {
    // Decided Monday 2 March 2026 at 09:00 Oslo; four weeks end Monday 30 March.
    const decided = () => caseHistory({ start: '2026-03-02T07:00:00.000Z', spacingMinutes: 0 }).admitted().decided('home_care');
    const appealedAt = (instant: string) => onlyAssessment(decided().at(instant).appealed().build());

    expect(appealedAt('2026-03-30T21:59:00.000Z')).toMatchObject({ appealed: true, appealLate: false });
    expect(appealedAt('2026-03-30T22:00:00.000Z')).toMatchObject({ appealed: true, appealLate: true });
    expect(onlyAssessment(decided().build())).toMatchObject({ appealed: false, appealLate: false });
  });

  it('gives an appeal period ending on a holiday or weekend until the next working day', () => {
    // Decided Thursday 5 March 2026; four weeks end Thursday 2 April, Maundy Thursday: the next working day is Tuesday 7 April.
    const decided = () => caseHistory({ start: '2026-03-05T07:00:00.000Z', spacingMinutes: 0 }).admitted().decided('home_care');

    expect(onlyAssessment(decided().at('2026-04-07T20:00:00.000Z').appealed().build()).appealLate).toBe(false);
    expect(onlyAssessment(decided().at('2026-04-08T08:00:00.000Z').appealed().build()).appealLate).toBe(true);
  });

  it('reads appeals of the decision from any later time', () => {
    const events = caseHistory()
      .admitted()
      .decided('home_care')
      .decided('short_term_stay')
      .wait(24 * 20)
      .appealed('decision-1')
      .build();

    expect(assess(events).map((assessment) => assessment.appealed)).toEqual([true, false]);
  });

  it('reports the latest follow-up after the transfer that carried out the decision', () => {
    const events = caseHistory()
      .admitted()
      .decided('home_care')
      .decided('short_term_stay')
      .transferred('decision-2')
      .wait(24 * 14)
      .followedUp('service_changed')
      .wait(24 * 14)
      .followedUp('service_fits')
      .build();

    expect(assess(events).map((assessment) => assessment.followUp)).toEqual([null, 'service_fits']);
  });
});

/* ------------------------------------------------------------------------------------------------------------------
 * Properties over random, plausible case histories.
 * ------------------------------------------------------------------------------------------------------------------ */

type Step =
  | { kind: 'recommend'; serviceType: ServiceType }
  | { kind: 'wish'; source: WishSource; channel: WishChannel; serviceType: ServiceType }
  | { kind: 'ready' }
  | { kind: 'revoke' }
  | { kind: 'visit'; participants: VisitParticipant[]; mode: VisitMode }
  | { kind: 'options'; inDialogue: boolean; visitPick: number; options: OptionSpec[] }
  | { kind: 'choice'; pick: number; statedBy: ChoiceStatedBy }
  | { kind: 'declined' }
  | { kind: 'decide'; serviceType: ServiceType; by: DecidedByRole }
  | { kind: 'appeal'; pick: number }
  | { kind: 'transfer'; pick: number }
  | { kind: 'followUp'; outcome: FollowUpOutcome }
  /** A dialogue a property adds; the history's own steps never refer to it. */
  | { kind: 'addedDialogue' };

interface TimedStep {
  step: Step;
  waitHours: number;
  backdateHours: number;
}

const serviceType = fc.constantFrom(...SERVICE_TYPES);
const participant: fc.Arbitrary<VisitParticipant> = fc
  .tuple(fc.constantFrom(...PARTICIPANT_ROLES), fc.boolean())
  .map(([role, independent]) => (role === 'advocate' ? { role, independent } : { role }));

const step: fc.Arbitrary<Step> = fc.oneof(
  serviceType.map((type) => ({ kind: 'recommend' as const, serviceType: type })),
  fc.record({
    kind: fc.constant('wish' as const),
    source: fc.constantFrom<WishSource>('user', 'relative', 'guardian', 'advocate', 'hospital_staff'),
    channel: fc.constantFrom<WishChannel>('written', 'phone', 'in_person'),
    serviceType,
  }),
  fc.constant({ kind: 'ready' as const }),
  fc.constant({ kind: 'revoke' as const }),
  {
    arbitrary: fc.record({
      kind: fc.constant('visit' as const),
      // A visit names a municipal representative (domain.md).
      participants: fc
        .tuple(
          fc.constantFrom('municipal_caseworker' as const, 'municipal_coordinator' as const),
          fc.array(participant, { maxLength: 5 }),
        )
        .map(([representative, others]) => [{ role: representative }, ...others]),
      mode: fc.constantFrom<VisitMode>('in_person', 'video', 'phone'),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('options' as const),
      inDialogue: fc.boolean(),
      visitPick: fc.nat(),
      options: fc.array(
        fc.oneof(serviceType, fc.record({ serviceType, consequences: fc.constantFrom('', ' ', 'Explained') })),
        { minLength: 1, maxLength: 4 },
      ),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('choice' as const),
      pick: fc.nat(),
      statedBy: fc.constantFrom<ChoiceStatedBy>('user', 'guardian', 'relative', 'advocate'),
    }),
    weight: 2,
  },
  fc.constant({ kind: 'declined' as const }),
  {
    arbitrary: fc.record({
      kind: fc.constant('decide' as const),
      serviceType,
      by: fc.constantFrom<DecidedByRole>('municipal_caseworker', 'user'),
    }),
    weight: 3,
  },
  fc.record({ kind: fc.constant('appeal' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('transfer' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('followUp' as const),
    outcome: fc.constantFrom<FollowUpOutcome>('service_fits', 'service_changed', 'readmitted'),
  }),
);

const timed = <S extends Step>(arbitrary: fc.Arbitrary<S>): fc.Arbitrary<TimedStep> =>
  fc.record({
    step: arbitrary,
    waitHours: fc.integer({ min: 0, max: 48 }),
    backdateHours: fc.oneof(
      { arbitrary: fc.constant(0), weight: 4 },
      { arbitrary: fc.integer({ min: 1, max: 96 }), weight: 1 },
    ),
  });

const steps = fc.array(timed(step), { maxLength: 25 });
/** Recorded as it happens: a dialogue added before it is then always in its evidence. */
const decision: fc.Arbitrary<TimedStep> = fc.record({
  step: fc.record({
    kind: fc.constant('decide' as const),
    serviceType,
    by: fc.constantFrom<DecidedByRole>('municipal_caseworker', 'user'),
  }),
  waitHours: fc.integer({ min: 0, max: 48 }),
  backdateHours: fc.constant(0),
});
/** Steps that end in a decision, so there is always something to assess. */
const stepsToADecision = fc.tuple(steps, decision).map(([before, last]) => [...before, last]);

const pick = <T>(items: readonly T[], index: number): T | undefined => items[index % Math.max(items.length, 1)];

/** Plays the steps on a new case; steps that cannot happen yet (a choice with no options) are skipped. */
const play = (timedSteps: readonly TimedStep[], caseId?: string): CaseEventRecord[] => {
  const history = caseHistory({ ...(caseId && { caseId }) }).admitted();
  const stepVisits: string[] = [];
  let latestChoice: ServiceType | undefined;

  const act = (step: Step): ((builder: CaseHistoryBuilder) => CaseHistoryBuilder) | undefined => {
    switch (step.kind) {
      case 'recommend':
        return (builder) => builder.hospitalRecommended(step.serviceType);
      case 'wish':
        return (builder) => builder.wishRelayed(step.source, step.channel, step.serviceType);
      case 'ready':
        return (builder) => builder.readyForDischarge();
      case 'revoke':
        return (builder) => builder.readinessRevoked();
      case 'visit': {
        const visitId = `step-visit-${stepVisits.length + 1}`;
        stepVisits.push(visitId);
        return (builder) => builder.visited(step.participants, { mode: step.mode, visitId });
      }
      case 'addedDialogue':
        return (builder) => builder.visited(USER_AND_CASEWORKER, { visitId: 'added-dialogue' });
      case 'options': {
        const visitId = pick(stepVisits, step.visitPick);
        return step.inDialogue && visitId !== undefined
          ? (builder) => builder.optionsPresented(step.options, { visitId })
          : (builder) => builder.optionsPresented(step.options, { channel: 'written' });
      }
      case 'choice': {
        const chosen = pick(history.latestServiceTypesOffered, step.pick);
        if (chosen === undefined) return undefined;
        latestChoice = chosen;
        return (builder) => builder.chose(chosen, step.statedBy);
      }
      case 'declined':
        return (builder) => builder.declinedDialogue();
      case 'decide': {
        // A decision against the latest choice carries a deviation reason (domain.md).
        const deviates = latestChoice !== undefined && latestChoice !== step.serviceType;
        return (builder) =>
          builder.decided(step.serviceType, { by: step.by, ...(deviates && { deviation: 'capacity' }) });
      }
      case 'appeal': {
        const decisionId = pick(history.decisionIds, step.pick);
        return decisionId === undefined ? undefined : (builder) => builder.appealed(decisionId);
      }
      case 'transfer': {
        const decisionId = pick(history.decisionIds, step.pick);
        return decisionId === undefined ? undefined : (builder) => builder.transferred(decisionId);
      }
      case 'followUp':
        return (builder) => builder.followedUp(step.outcome);
    }
  };

  for (const { step, waitHours, backdateHours } of timedSteps) {
    act(step)?.(history.wait(waitHours).backdated(backdateHours));
  }
  return history.build();
};

const PROPERTY_RUNS = { numRuns: 200 };

describe('assessAllocations: properties', () => {
  it('is a function of the history: the same events, in any order, give the same assessments', () => {
    const histories = stepsToADecision.chain((timedSteps) => {
      const events = play(timedSteps);
      return fc
        .shuffledSubarray(events, { minLength: events.length, maxLength: events.length })
        .map((shuffled) => ({ events, shuffled }));
    });

    fc.assert(
      fc.property(histories, ({ events, shuffled }) => {
        const assessments = assess(events);
        expect(assess(events)).toEqual(assessments);
        expect(assess(shuffled)).toEqual(assessments);
      }),
      PROPERTY_RUNS,
    );
  });

  it("never mixes in another case's events", () => {
    fc.assert(
      fc.property(stepsToADecision, steps, fc.array(fc.boolean()), (ours, theirs, interleaving) => {
        const own = play(ours);
        const other = play(theirs, 'another-case');
        const feed: CaseEventRecord[] = [];
        const [a, b] = [[...own], [...other]];
        for (const takeOwn of interleaving) feed.push(...(takeOwn ? a.splice(0, 1) : b.splice(0, 1)));
        feed.push(...a, ...b);

        expect(() => assess(feed)).toThrow(InvalidCaseHistoryError);
      }),
      PROPERTY_RUNS,
    );
  });

  it('assesses every decision, consistently with its own rules', () => {
    fc.assert(
      fc.property(stepsToADecision, (timedSteps) => {
        const events = play(timedSteps);
        const assessments = assess(events);

        expect(assessments.map((assessment) => assessment.decisionId)).toEqual(
          events.flatMap((record) => (record.type === 'AllocationDecided' ? [record.data.decisionId] : [])),
        );
        for (const assessment of assessments) {
          expect(assessment.level === 'innflytelse').toBe(assessment.basis === 'direct_dialogue');
          expect(assessment.influenceQuality === null).toBe(assessment.level === 'deltakelse');
          expect(assessment.dialogueModes.length > 0).toBe(assessment.basis === 'direct_dialogue');
          expect(assessment.missingConditions).toEqual(
            Object.entries(assessment.conditions).flatMap(([name, holds]) => (holds ? [] : [name])),
          );
          expect(assessment.proxyChoice && assessment.conditions.preferenceRecorded).toBe(false);
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('events recorded after a decision change only what is meant to reflect later facts', () => {
    fc.assert(
      fc.property(stepsToADecision, steps, (upToDecision, later) => {
        const before = play(upToDecision);
        const after = play([...upToDecision, ...later]);
        expect(after.slice(0, before.length)).toEqual(before);

        const recordedLater = after.slice(before.length);
        const afterById = new Map(assess(after).map((assessment) => [assessment.decisionId, assessment]));
        for (const { appealed, followUp, lateRegistrations, ...fixed } of assess(before)) {
          const now = afterById.get(fixed.decisionId)!;
          const { appealed: appealedNow, followUp: followUpNow, lateRegistrations: lateNow, ...fixedNow } = now;

          expect(fixedNow).toEqual(fixed);
          expect(lateNow.slice(0, lateRegistrations.length)).toEqual(lateRegistrations);
          expect(appealedNow).toBe(
            appealed ||
              recordedLater.some(
                (record) => record.type === 'DecisionAppealed' && record.data.decisionId === fixed.decisionId,
              ),
          );
          if (!recordedLater.some((record) => record.type === 'FollowUpRecorded')) {
            expect(followUpNow).toBe(followUp);
          }
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('a dialogue with the user before a decision never lowers its level or ladder step', () => {
    const rank = (assessment: AllocationAssessment): [number, number] => [
      LEVELS.indexOf(assessment.level),
      LADDER_STEPS.indexOf(assessment.ladderStep),
    ];
    const addedDialogue: TimedStep = { step: { kind: 'addedDialogue' }, waitHours: 0, backdateHours: 0 };

    fc.assert(
      fc.property(stepsToADecision, fc.nat(), (timedSteps, at) => {
        const position = at % timedSteps.length; // before the final decision at least
        const without = assess(play(timedSteps));
        const withDialogue = new Map(
          assess(play(timedSteps.toSpliced(position, 0, addedDialogue))).map((assessment) => [
            assessment.decisionId,
            assessment,
          ]),
        );

        for (const assessment of without) {
          const [level, ladderStep] = rank(assessment);
          const [levelNow, ladderStepNow] = rank(withDialogue.get(assessment.decisionId)!);
          expect(levelNow).toBeGreaterThanOrEqual(level);
          expect(ladderStepNow).toBeGreaterThanOrEqual(ladderStep);
        }
        const last = withDialogue.get(without.at(-1)!.decisionId)!;
        expect(last.level).toBe('innflytelse');
      }),
      PROPERTY_RUNS,
    );
  });
});
