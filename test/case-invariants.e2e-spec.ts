import { randomUUID } from 'node:crypto';
import { syntheticNationalId } from '#libs/domain/identifiers/synthetic-national-id.js';
import type { ApiClient } from './support/api-client.js';
import { expectProblem, historyOf, startCaseHarness, type CaseHarness } from './support/case-harness.js';
import { CaseClock, READY_CRITERIA, record, sample, walkFullTransfer, type Body } from './support/sample-cases.js';

/**
 * Every invariant of domain.md, and every other rule of rules.ts a client can reach, driven through the API:
 * each refusal is 409 problem+json naming the rule, and the case's stream is exactly as it was.
 */

let h: CaseHarness;

beforeAll(async () => {
  h = await startCaseHarness();
}, 60_000);

afterAll(async () => h?.close());

const T = 20_000;
const minutesFromNow = (minutes: number): string => new Date(Date.now() + minutes * 60_000).toISOString();

/** Sends the command, expects 409 with `rule`, and checks that nothing at all was recorded. */
const expectRefused = async (client: ApiClient, caseId: string, path: string, body: Body, rule: string): Promise<void> => {
  const before = await historyOf(h.hospital, caseId);
  const etagBefore = (await h.hospital.get(`/cases/${caseId}`)).headers.get('etag');
  const totalBefore = await h.totalEvents();
  const answer = await client.post(path, body);
  const problem = expectProblem(answer, 409);
  expect(problem).toMatchObject({ rule, title: 'Refused by a domain rule', detail: expect.any(String) });
  expect(answer.headers.get('etag')).toBeNull();
  const after = await historyOf(h.hospital, caseId);
  expect(after).toHaveLength(before.length);
  expect(after.at(-1)?.revision).toBe(before.at(-1)?.revision);
  expect(after).toEqual(before);
  expect((await h.hospital.get(`/cases/${caseId}`)).headers.get('etag')).toBe(etagBefore);
  expect(await h.totalEvents()).toBe(totalBefore);
};

/** A case admitted `hours` ago, notified and nothing more. */
const admitted = async (hours = 100): Promise<{ caseId: string; clock: CaseClock; on: (suffix: string) => string }> => {
  const clock = CaseClock.admittedHoursAgo(hours);
  const caseId = randomUUID();
  await record(h.hospital, '/cases', sample.admission({ caseId, admittedAt: clock.admittedAt, occurredAt: clock.at(1) }));
  return { caseId, clock, on: (suffix) => `/cases/${caseId}${suffix}` };
};

describe('a case exists only after AdmissionNotified', () => {
  it('answers a command on a case never notified as unknown (404), recording nothing anywhere', async () => {
    const before = await h.totalEvents();
    const unknown = randomUUID();
    expectProblem(await h.hospital.post(`/cases/${unknown}/recommendation`, sample.recommendation()), 404);
    expectProblem(await h.office.post(`/cases/${unknown}/decisions`, sample.decision()), 404);
    expectProblem(await h.hospital.post(`/cases/${unknown}/withdrawal`, sample.withdrawal()), 404);
    expect(await h.totalEvents()).toBe(before);
    expectProblem(await h.hospital.get(`/cases/${unknown}/history`), 404);
  }, T);

  it('refuses a second admission for the same caseId with other data (case-already-exists); an identical retry records nothing', async () => {
    const clock = CaseClock.admittedHoursAgo(10);
    const admission = sample.admission({ admittedAt: clock.admittedAt, occurredAt: clock.at(1) });
    const caseId = admission.caseId as string;
    const first = await record(h.hospital, '/cases', admission);
    await expectRefused(h.hospital, caseId, '/cases', { ...admission, expectedNeeds: 'Noe helt annet' }, 'case-already-exists');
    await expectRefused(h.hospital, caseId, '/cases', { ...admission, municipalityCode: '5501' }, 'case-already-exists');
    await expectRefused(h.hospital, caseId, '/cases', { ...admission, admittedAt: clock.at(-1) }, 'case-already-exists');
    const { functionalAssessment: _, ...withoutAssessment } = admission;
    await expectRefused(h.hospital, caseId, '/cases', withoutAssessment, 'case-already-exists');
    // A retry may be sent later, with another occurredAt: still the same fact.
    const retry = await h.hospital.post('/cases', { ...admission, occurredAt: clock.at(2) });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await historyOf(h.hospital, caseId)).toHaveLength(1);
  }, T);
});

describe('nothing is recorded after PatientTransferred or CaseWithdrawn, except follow-up and appeals after a transfer', () => {
  /** Every command but the admission, each a body the case would take were it open. */
  const everyCommand = (decisionId: string): [string, 'hospital' | 'office', string, Body][] => [
    ['recommendation', 'hospital', '/recommendation', sample.recommendation()],
    ['wish (hospital)', 'hospital', '/wishes', sample.wish()],
    ['wish (office)', 'office', '/wishes', sample.wish()],
    ['readiness', 'hospital', '/discharge-readiness', sample.readiness()],
    ['revocation', 'hospital', '/discharge-readiness/revocation', sample.revocation()],
    ['municipal response', 'office', '/municipal-response', sample.municipalResponse()],
    ['visit scheduled', 'office', '/visits', sample.visitSchedule({ visitId: 'ny-besok' })],
    ['visit conducted', 'office', '/visits/ny-besok/conducted', sample.visitConducted()],
    ['options', 'office', '/options', sample.options({ presentationId: 'nye-tilbud' })],
    ['declined dialogue', 'office', '/declined-dialogue', sample.declinedDialogue()],
    ['decision', 'office', '/decisions', sample.decision({ decisionId: 'nytt-vedtak' })],
    ['appeal', 'office', `/decisions/${decisionId}/appeal`, sample.appeal()],
    ['transfer (hospital)', 'hospital', '/transfer', sample.transfer(decisionId)],
    ['transfer (office)', 'office', '/transfer', sample.transfer(decisionId)],
    ['withdrawal', 'hospital', '/withdrawal', sample.withdrawal()],
  ];

  it('refuses every command after a transfer (case-closed) but follow-ups and an appeal of the decision', async () => {
    const walked = await walkFullTransfer(h, { followUp: false });
    const on = (suffix: string) => `/cases/${walked.caseId}${suffix}`;
    for (const [name, by, suffix, body] of [
      ...everyCommand(walked.decisionId),
      ['choice', 'office', '/choice', sample.choice({ presentationId: walked.presentationId })] as const,
    ]) {
      if (name !== 'appeal') await expectRefused(h[by], walked.caseId, on(suffix), body, 'case-closed');
    }
    await record(h.office, on('/follow-up'), sample.followUp({ outcome: 'service_changed' }));
    await record(h.office, on('/follow-up'), sample.followUp({ outcome: 'readmitted' }));
    // The four weeks to appeal normally run past discharge.
    await record(h.office, on(`/decisions/${walked.decisionId}/appeal`), sample.appeal());
    await expectRefused(h.office, walked.caseId, on(`/decisions/${walked.decisionId}/appeal`), sample.appeal(), 'decision-already-appealed');
    await expectRefused(h.hospital, walked.caseId, on('/withdrawal'), sample.withdrawal({ reason: 'died' }), 'case-closed');
    expect((await h.office.get(`/cases/${walked.caseId}`)).body).toMatchObject({
      status: 'transferred',
      latestFollowUp: { outcome: 'readmitted' },
      latestDecision: { decisionId: walked.decisionId, appealed: true },
    });
  }, 30_000);

  it('refuses every command after a withdrawal, follow-up included (case-closed)', async () => {
    const { caseId, on } = await admitted();
    await record(h.office, on('/decisions'), sample.decision({ decisionId: 'd1' }));
    await record(h.hospital, on('/withdrawal'), sample.withdrawal({ reason: 'other', details: 'Flyttet til datteren i Sverige' }));
    for (const [, by, suffix, body] of everyCommand('d1')) await expectRefused(h[by], caseId, on(suffix), body, 'case-closed');
    await expectRefused(h.office, caseId, on('/follow-up'), sample.followUp(), 'case-closed');
    expect((await h.office.get(`/cases/${caseId}`)).body).toMatchObject({ status: 'withdrawn' });
  }, 30_000);

  it('refuses a withdrawal for reason other without details (withdrawal-details-required)', async () => {
    const { caseId, on } = await admitted();
    await expectRefused(h.hospital, caseId, on('/withdrawal'), sample.withdrawal({ reason: 'other' }), 'withdrawal-details-required');
    await expectRefused(h.hospital, caseId, on('/withdrawal'), sample.withdrawal({ reason: 'other', details: '   ' }), 'withdrawal-details-required');
  }, T);
});

describe('discharge readiness', () => {
  it('needs all four criteria of § 9 (readiness-criteria-incomplete)', async () => {
    const { caseId, on } = await admitted();
    for (const criterion of Object.keys(READY_CRITERIA)) {
      await expectRefused(h.hospital, caseId, on('/discharge-readiness'), sample.readiness({ criteria: { ...READY_CRITERIA, [criterion]: false } }), 'readiness-criteria-incomplete');
    }
    const none = Object.fromEntries(Object.keys(READY_CRITERIA).map((criterion) => [criterion, false]));
    await expectRefused(h.hospital, caseId, on('/discharge-readiness'), sample.readiness({ criteria: none }), 'readiness-criteria-incomplete');
    await record(h.hospital, on('/discharge-readiness'), sample.readiness());
  }, T);

  it('cannot be declared twice without a revoke in between (readiness-already-declared)', async () => {
    const { caseId, on, clock } = await admitted();
    await record(h.hospital, on('/discharge-readiness'), sample.readiness({ occurredAt: clock.at(10) }));
    await expectRefused(h.hospital, caseId, on('/discharge-readiness'), sample.readiness({ occurredAt: clock.at(11) }), 'readiness-already-declared');
    await record(h.hospital, on('/discharge-readiness/revocation'), sample.revocation({ occurredAt: clock.at(12) }));
    await record(h.hospital, on('/discharge-readiness'), sample.readiness({ occurredAt: clock.at(13) }));
    await expectRefused(h.hospital, caseId, on('/discharge-readiness'), sample.readiness(), 'readiness-already-declared');
  }, T);

  it('revokes only a standing declaration, not before it (readiness-not-declared, revocation-before-declaration)', async () => {
    const { caseId, on, clock } = await admitted();
    await expectRefused(h.hospital, caseId, on('/discharge-readiness/revocation'), sample.revocation(), 'readiness-not-declared');
    await record(h.hospital, on('/discharge-readiness'), sample.readiness({ occurredAt: clock.at(20) }));
    await expectRefused(h.hospital, caseId, on('/discharge-readiness/revocation'), sample.revocation({ revokedAt: clock.at(19) }), 'revocation-before-declaration');
    await record(h.hospital, on('/discharge-readiness/revocation'), sample.revocation({ revokedAt: clock.at(21) }));
    await expectRefused(h.hospital, caseId, on('/discharge-readiness/revocation'), sample.revocation(), 'readiness-not-declared');
  }, T);
});

describe('the municipal response', () => {
  it('gives expectedReadyDate only with canReceive false (expected-ready-date-requires-cannot-receive)', async () => {
    const { caseId, on, clock } = await admitted();
    await expectRefused(h.office, caseId, on('/municipal-response'), sample.municipalResponse({ canReceive: true, expectedReadyDate: clock.date(120) }), 'expected-ready-date-requires-cannot-receive');
    await record(h.office, on('/municipal-response'), sample.municipalResponse({ canReceive: false, expectedReadyDate: clock.date(120) }));
  }, T);
});

describe('municipal visits', () => {
  it('name at least one municipal representative among the participants (visit-needs-municipal-representative)', async () => {
    const { caseId, on } = await admitted();
    const others = ['user', 'guardian', 'relative', 'advocate', 'peer_worker', 'hospital_staff', 'interpreter'];
    for (const role of others) {
      await expectRefused(h.office, caseId, on('/visits/v1/conducted'), sample.visitConducted({ participants: [{ role, name: 'Noen' }] }), 'visit-needs-municipal-representative');
    }
    await expectRefused(h.office, caseId, on('/visits/v1/conducted'), sample.visitConducted({ participants: others.map((role) => ({ role })) }), 'visit-needs-municipal-representative');
    await record(h.office, on('/visits/v1/conducted'), sample.visitConducted({ participants: [{ role: 'user' }, { role: 'municipal_coordinator' }] }));
    await record(h.office, on('/visits/v2/conducted'), sample.visitConducted({ participants: [{ role: 'municipal_caseworker' }] }));
  }, T);

  it('keep their ids unique and are conducted once (duplicate-visit-id, visit-already-conducted)', async () => {
    const { caseId, on, clock } = await admitted();
    await record(h.office, on('/visits'), sample.visitSchedule({ visitId: 'v1', scheduledFor: clock.at(50) }));
    await expectRefused(h.office, caseId, on('/visits'), sample.visitSchedule({ visitId: 'v1' }), 'duplicate-visit-id');
    await record(h.office, on('/visits/v1/conducted'), sample.visitConducted());
    await expectRefused(h.office, caseId, on('/visits/v1/conducted'), sample.visitConducted(), 'visit-already-conducted');
    await expectRefused(h.office, caseId, on('/visits'), sample.visitSchedule({ visitId: 'v1' }), 'duplicate-visit-id');
  }, T);
});

describe('options', () => {
  it('presented in dialogue name a visit of this case recorded as conducted (in-dialogue-presentation-needs-visit)', async () => {
    const { caseId, on, clock } = await admitted();
    const other = await admitted();
    await record(h.office, other.on('/visits/besok-der/conducted'), sample.visitConducted());
    await expectRefused(h.office, caseId, on('/options'), sample.options({ channel: 'in_dialogue' }), 'in-dialogue-presentation-needs-visit');
    await expectRefused(h.office, caseId, on('/options'), sample.options({ channel: 'in_dialogue', visitId: 'finnes-ikke' }), 'in-dialogue-presentation-needs-visit');
    await expectRefused(h.office, caseId, on('/options'), sample.options({ channel: 'in_dialogue', visitId: 'besok-der' }), 'in-dialogue-presentation-needs-visit');
    await record(h.office, on('/visits'), sample.visitSchedule({ visitId: 'planlagt', scheduledFor: clock.at(98) }));
    await expectRefused(h.office, caseId, on('/options'), sample.options({ channel: 'in_dialogue', visitId: 'planlagt' }), 'in-dialogue-presentation-needs-visit');
    await record(h.office, on('/visits/planlagt/conducted'), sample.visitConducted());
    await record(h.office, on('/options'), sample.options({ channel: 'in_dialogue', visitId: 'planlagt' }));
  }, T);

  it('in writing name no visit; ids unique (written-presentation-names-visit, duplicate-option-id, duplicate-presentation-id)', async () => {
    const { caseId, on } = await admitted();
    await record(h.office, on('/visits/v1/conducted'), sample.visitConducted());
    await expectRefused(h.office, caseId, on('/options'), sample.options({ channel: 'written', visitId: 'v1' }), 'written-presentation-names-visit');
    const [first] = sample.options().options as Body[];
    await expectRefused(h.office, caseId, on('/options'), sample.options({ options: [first, { ...first, serviceType: 'home_care' }] }), 'duplicate-option-id');
    await record(h.office, on('/options'), sample.options({ presentationId: 'p1' }));
    await expectRefused(h.office, caseId, on('/options'), sample.options({ presentationId: 'p1' }), 'duplicate-presentation-id');
  }, T);
});

describe('a choice names an option of an earlier presentation of the same case', () => {
  it('refuses unknown presentations, unknown options and choices before the presentation', async () => {
    const { caseId, on, clock } = await admitted();
    const other = await admitted();
    await record(h.office, other.on('/options'), sample.options({ presentationId: 'der' }));
    await expectRefused(h.office, caseId, on('/choice'), sample.choice({ presentationId: 'der' }), 'unknown-presentation');
    await expectRefused(h.office, caseId, on('/choice'), sample.choice({ presentationId: 'p1' }), 'unknown-presentation');
    await record(h.office, on('/options'), sample.options({ presentationId: 'p1', presentedAt: clock.at(50), occurredAt: clock.at(50) }));
    await record(h.office, on('/options'), sample.options({
      presentationId: 'p2',
      occurredAt: clock.at(51),
      options: [{ optionId: 'rehab', serviceType: 'rehabilitation', description: 'Rehabiliteringsopphold', consequences: 'Tre uker intensiv trening' }],
    }));
    await expectRefused(h.office, caseId, on('/choice'), sample.choice({ presentationId: 'p1', optionId: 'rehab' }), 'unknown-option');
    await expectRefused(h.office, caseId, on('/choice'), sample.choice({ presentationId: 'p2', optionId: 'korttid' }), 'unknown-option');
    await expectRefused(h.office, caseId, on('/choice'), sample.choice({ presentationId: 'p1', occurredAt: clock.at(49) }), 'choice-before-presentation');
    await record(h.office, on('/choice'), sample.choice({ presentationId: 'p1', occurredAt: clock.at(50) }));
    await record(h.office, on('/choice'), sample.choice({ presentationId: 'p2', optionId: 'rehab' }));
  }, T);
});

describe('decisions', () => {
  it('need a deviationReason when the service type differs from the deciding choice (deviation-reason-required)', async () => {
    const { caseId, on, clock } = await admitted();
    // No choice yet: any service type is decided without a reason.
    await record(h.office, on('/decisions'), sample.decision({ decisionId: 'd0', serviceType: 'long_term_stay', occurredAt: clock.at(40) }));
    await record(h.office, on('/options'), sample.options({ presentationId: 'p1', occurredAt: clock.at(50) }));
    await record(h.office, on('/choice'), sample.choice({ presentationId: 'p1', optionId: 'korttid', occurredAt: clock.at(51) }));
    await expectRefused(h.office, caseId, on('/decisions'), sample.decision({ serviceType: 'home_care' }), 'deviation-reason-required');
    await expectRefused(h.office, caseId, on('/decisions'), sample.decision({ serviceType: 'home_care', deviationReason: { category: 'capacity', text: '   ' } }), 'deviation-reason-required');
    await record(h.office, on('/decisions'), sample.decision({ decisionId: 'd1', serviceType: 'short_term_stay' }));
    // The user changed their mind: now the latest choice is home care.
    await record(h.office, on('/choice'), sample.choice({ presentationId: 'p1', optionId: 'hjemme' }));
    await expectRefused(h.office, caseId, on('/decisions'), sample.decision({ decisionId: 'd2', serviceType: 'short_term_stay' }), 'deviation-reason-required');
    await record(h.office, on('/decisions'), sample.decision({ decisionId: 'd2', serviceType: 'home_care' }));
    await record(h.office, on('/decisions'), sample.decision({
      decisionId: 'd3',
      serviceType: 'short_term_stay',
      deviationReason: { category: 'safety', text: 'Faller ofte; trygt tilsyn trengs de første ukene' },
    }));
    // A relative's later statement does not override the user's own choice: home care still decides.
    await record(h.office, on('/choice'), sample.choice({ presentationId: 'p1', optionId: 'korttid', statedBy: 'relative' }));
    expect((await h.office.get(`/cases/${caseId}`)).body).toMatchObject({
      latestChoice: { serviceType: 'short_term_stay', statedBy: 'relative' },
      decidingChoice: { serviceType: 'home_care', statedBy: 'user' },
    });
    await expectRefused(h.office, caseId, on('/decisions'), sample.decision({ decisionId: 'd4', serviceType: 'short_term_stay' }), 'deviation-reason-required');
    await record(h.office, on('/decisions'), sample.decision({ decisionId: 'd4', serviceType: 'home_care' }));
  }, T);

  it('keep their ids unique and describe service type other (duplicate-decision-id, service-description-required)', async () => {
    const { caseId, on } = await admitted();
    await record(h.office, on('/decisions'), sample.decision({ decisionId: 'd1' }));
    await expectRefused(h.office, caseId, on('/decisions'), sample.decision({ decisionId: 'd1' }), 'duplicate-decision-id');
    await expectRefused(h.office, caseId, on('/decisions'), sample.decision({ serviceType: 'other' }), 'service-description-required');
    await expectRefused(h.office, caseId, on('/decisions'), sample.decision({ serviceType: 'other', serviceDescription: '  ' }), 'service-description-required');
    await record(h.office, on('/decisions'), sample.decision({ serviceType: 'other', serviceDescription: 'Dagsenter tre dager i uken' }));
  }, T);

  it('are appealed once each, not before they were made (unknown-decision, decision-already-appealed, appeal-before-decision)', async () => {
    const { caseId, on, clock } = await admitted();
    await expectRefused(h.office, caseId, on('/decisions/d1/appeal'), sample.appeal(), 'unknown-decision');
    await record(h.office, on('/decisions'), sample.decision({ decisionId: 'd1', occurredAt: clock.at(50) }));
    await expectRefused(h.office, caseId, on('/decisions/d1/appeal'), sample.appeal({ appealedAt: clock.at(49) }), 'appeal-before-decision');
    await record(h.office, on('/decisions/d1/appeal'), sample.appeal({ appealedAt: clock.at(60) }));
    await expectRefused(h.office, caseId, on('/decisions/d1/appeal'), sample.appeal(), 'decision-already-appealed');
  }, T);
});

describe('PatientTransferred needs an earlier AllocationDecided', () => {
  it('refuses a transfer without a decision, under an unknown one, or before it', async () => {
    const { caseId, on, clock } = await admitted();
    await record(h.hospital, on('/discharge-readiness'), sample.readiness({ occurredAt: clock.at(30) }));
    await expectRefused(h.hospital, caseId, on('/transfer'), sample.transfer('d1'), 'transfer-requires-decision');
    await expectRefused(h.office, caseId, on('/transfer'), sample.transfer('d1'), 'transfer-requires-decision');
    await record(h.office, on('/decisions'), sample.decision({ decisionId: 'd1', occurredAt: clock.at(40) }));
    await expectRefused(h.hospital, caseId, on('/transfer'), sample.transfer('d2'), 'unknown-decision');
    await expectRefused(h.hospital, caseId, on('/transfer'), sample.transfer('d1', { transferredAt: clock.at(39) }), 'transfer-before-decision');
    await record(h.hospital, on('/transfer'), sample.transfer('d1', { transferredAt: clock.at(41) }));
  }, T);
});

describe('follow-up requires a transfer', () => {
  it('refuses a follow-up on an open case, and one reviewed before the transfer', async () => {
    const { caseId, on } = await admitted();
    await expectRefused(h.office, caseId, on('/follow-up'), sample.followUp(), 'follow-up-requires-transfer');
    await record(h.office, on('/decisions'), sample.decision({ decisionId: 'd1' }));
    await expectRefused(h.office, caseId, on('/follow-up'), sample.followUp(), 'follow-up-requires-transfer');
    const walked = await walkFullTransfer(h, { followUp: false });
    await expectRefused(h.office, walked.caseId, `/cases/${walked.caseId}/follow-up`, sample.followUp({ reviewedAt: walked.clock.at(47) }), 'follow-up-before-transfer');
    await record(h.office, `/cases/${walked.caseId}/follow-up`, sample.followUp({ reviewedAt: walked.clock.at(48) }));
  }, T);
});

describe('times', () => {
  it('refuses a fact more than 5 minutes in the future, on every kind of command: 400 naming the field', async () => {
    const { caseId, on } = await admitted();
    const future = minutesFromNow(10);
    const cases: [ApiClient, string, Body, string][] = [
      [h.hospital, '/recommendation', sample.recommendation({ occurredAt: future }), 'occurredAt'],
      [h.office, '/wishes', sample.wish({ occurredAt: future }), 'occurredAt'],
      [h.hospital, '/discharge-readiness', sample.readiness({ occurredAt: future }), 'occurredAt'],
      [h.hospital, '/discharge-readiness', sample.readiness({ declaredAt: future }), 'declaredAt'],
      [h.office, '/municipal-response', sample.municipalResponse({ respondedAt: future }), 'respondedAt'],
      [h.office, '/visits/v9/conducted', sample.visitConducted({ occurredAt: future }), 'occurredAt'],
      [h.office, '/options', sample.options({ presentedAt: future }), 'presentedAt'],
      [h.office, '/declined-dialogue', sample.declinedDialogue({ occurredAt: future }), 'occurredAt'],
      [h.office, '/decisions', sample.decision({ decidedAt: future }), 'decidedAt'],
      [h.hospital, '/withdrawal', sample.withdrawal({ occurredAt: minutesFromNow(60 * 24 * 365) }), 'occurredAt'],
    ];
    const before = await h.totalEvents();
    for (const [client, suffix, body, field] of cases) {
      const problem = expectProblem(await client.post(on(suffix), body), 400);
      expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringContaining('future') })]));
    }
    expect(await h.totalEvents()).toBe(before);
    // Up to 5 minutes ahead is a caller's clock running fast, and is taken; a planned visit may lie ahead.
    await record(h.office, on('/wishes'), sample.wish({ occurredAt: minutesFromNow(4) }));
    await record(h.office, on('/visits'), sample.visitSchedule({ scheduledFor: minutesFromNow(60 * 24 * 7) }));
  }, 30_000);

  it('refuses an admission in the future, or notified before it happened', async () => {
    const caseId = randomUUID();
    const before = await h.totalEvents();
    const future = await h.hospital.post('/cases', sample.admission({ caseId, admittedAt: minutesFromNow(10), occurredAt: minutesFromNow(10) }));
    expect(expectProblem(future, 400).errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'admittedAt' })]));
    const admittedAt = new Date(Date.now() - 3600_000).toISOString();
    const early = await h.hospital.post('/cases', sample.admission({ caseId, admittedAt, occurredAt: new Date(Date.now() - 7200_000).toISOString() }));
    expect(expectProblem(early, 409).rule).toBe('occurred-before-admission');
    expect(await h.totalEvents()).toBe(before);
    expectProblem(await h.hospital.get(`/cases/${caseId}`), 404);
  }, T);

  it('refuses any time before admittedAt (occurred-before-admission)', async () => {
    const { caseId, on, clock } = await admitted();
    const early = clock.at(-2);
    const cases: [ApiClient, string, Body][] = [
      [h.office, '/wishes', sample.wish({ occurredAt: early })],
      [h.hospital, '/discharge-readiness', sample.readiness({ declaredAt: early })],
      [h.office, '/visits', sample.visitSchedule({ scheduledFor: early })],
      [h.office, '/visits/v1/conducted', sample.visitConducted({ occurredAt: early })],
      [h.office, '/options', sample.options({ presentedAt: early })],
      [h.office, '/decisions', sample.decision({ decidedAt: early })],
      [h.office, '/municipal-response', sample.municipalResponse({ respondedAt: early })],
      [h.hospital, '/withdrawal', sample.withdrawal({ occurredAt: early })],
    ];
    for (const [client, suffix, body] of cases) await expectRefused(client, caseId, on(suffix), body, 'occurred-before-admission');
    await record(h.office, on('/wishes'), sample.wish({ occurredAt: clock.admittedAt }));
  }, T);
});

describe('identifiers the body validation cannot judge alone', () => {
  it('refuses the national ID of someone not yet born (invalid-national-id)', async () => {
    const caseId = randomUUID();
    const unborn = syntheticNationalId({ birthDate: '2038-06-01', individualNumber: 600 });
    const before = await h.totalEvents();
    const answer = await h.hospital.post('/cases', sample.admission({ caseId, patient: { nationalId: unborn, name: 'Ufødt Testesen' } }));
    const problem = expectProblem(answer, 409);
    expect(problem.rule).toBe('invalid-national-id');
    expect(JSON.stringify(problem)).not.toContain(unborn);
    expect(await h.totalEvents()).toBe(before);
  }, T);
});
