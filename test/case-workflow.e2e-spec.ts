import { randomUUID } from 'node:crypto';
import { generateKeyPair } from 'jose';
import { DEV_ALGORITHM } from '#libs/auth/dev-keys.js';
import { signDevToken } from '#libs/auth/dev-token.js';
import { SCHEMA_VERSIONS } from '#libs/domain/transfer-case/upcasters.js';
import type { ApiAnswer, ApiClient } from './support/api-client.js';
import { expectProblem, historyOf, isAfter, startCaseHarness, type CaseHarness } from './support/case-harness.js';
import {
  CaseClock,
  HOSPITAL,
  MUNICIPALITY,
  OTHER_HOSPITAL,
  sample,
  samplePatient,
  walkFullTransfer,
  type Body,
} from './support/sample-cases.js';

/**
 * Every command of api.md end to end against the built API in its own process: the answer, its ETag,
 * the case it leaves (GET /cases/{id}) and the history it writes; then who may do what, and who sees what.
 */

let h: CaseHarness;

beforeAll(async () => {
  h = await startCaseHarness();
}, 60_000);

afterAll(async () => h?.close());

const T = 20_000;

interface Answer {
  caseId: string;
  revision: number;
  position: string;
  visitId?: string;
  presentationId?: string;
  decisionId?: string;
}

describe('a case from admission to follow-up, command by command', () => {
  const clock = CaseClock.admittedHoursAgo(100);
  const caseId = randomUUID();
  const patient = samplePatient(7);
  const correlationId = `workflow-${caseId.slice(0, 8)}`;
  const admission = sample.admission({ caseId, patient, admittedAt: clock.admittedAt, occurredAt: clock.at(1) });
  let lastRevision = -1;
  let lastPosition = '0-0';
  const recorded: { type: string; by: 'hospital' | 'office' }[] = [];
  let generatedVisitId = '';
  let presentationId = '';
  let firstDecisionId = '';

  /** Sends a command and checks the answer every command gives: the next revision, a later position, the ETag. */
  const command = async (
    by: 'hospital' | 'office',
    path: string,
    body: Body,
    type: string,
    status = 200,
  ): Promise<ApiAnswer<Answer>> => {
    const client: ApiClient = by === 'hospital' ? h.hospital : h.office;
    const answer = await client.post<Answer>(path, body, { 'x-correlation-id': correlationId });
    if (answer.status !== status) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.body).toMatchObject({ caseId, revision: lastRevision + 1, position: expect.stringMatching(/^\d+-\d+$/) });
    expect(isAfter(answer.body.position, lastPosition)).toBe(true);
    expect(answer.headers.get('etag')).toBe(`"${lastRevision + 1}"`);
    expect(answer.headers.get('x-correlation-id')).toBe(correlationId);
    lastRevision = answer.body.revision;
    lastPosition = answer.body.position;
    recorded.push({ type, by });
    return answer;
  };

  const expectStatus = async (status: string): Promise<Body> => {
    const answer = await h.office.get<Body>(`/cases/${caseId}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('etag')).toBe(`"${lastRevision}"`);
    expect(answer.body).toMatchObject({ caseId, status, revision: lastRevision, position: lastPosition });
    return answer.body;
  };

  const on = (suffix: string): string => `/cases/${caseId}${suffix}`;

  it('notifies the admission: 201 with the client-made caseId; the hospital reads it back', async () => {
    await command('hospital', '/cases', admission, 'AdmissionNotified', 201);
    const view = await expectStatus('notified');
    expect(view).toMatchObject({
      patient,
      hospital: HOSPITAL,
      municipalityCode: MUNICIPALITY,
      admittedAt: clock.admittedAt,
      readySince: null,
      latestDecision: null,
    });
    const asHospital = await h.hospital.get<Body>(`/cases/${caseId}`);
    expect(asHospital.status).toBe(200);
    expect(asHospital.headers.get('etag')).toBe('"0"');
  }, T);

  it('answers a retried notice (same caseId, same body) with the same revision and records nothing', async () => {
    const before = await h.totalEvents();
    const retry = await h.hospital.post<Answer>('/cases', admission);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual({ caseId, revision: 0, position: lastPosition });
    expect(retry.headers.get('etag')).toBe('"0"');
    expect(await historyOf(h.hospital, caseId)).toHaveLength(1);
    expect(await h.totalEvents()).toBe(before);
  }, T);

  it("records the hospital's recommendation", async () => {
    await command('hospital', on('/recommendation'), sample.recommendation({ occurredAt: clock.at(20) }), 'HospitalRecommendationGiven');
    const view = await expectStatus('notified');
    expect(view.hospitalRecommendation).toEqual({ serviceType: 'short_term_stay', rationale: sample.recommendation().rationale });
  }, T);

  it('relays wishes from the hospital and from the office', async () => {
    await command('hospital', on('/wishes'), sample.wish({ occurredAt: clock.at(21), source: 'relative', channel: 'phone' }), 'UserWishRelayed');
    await command('office', on('/wishes'), sample.wish({ occurredAt: clock.at(22), source: 'user', channel: 'written', serviceType: undefined }), 'UserWishRelayed');
  }, T);

  it('declares discharge readiness, revokes it (back to notified) and declares it again', async () => {
    await command('hospital', on('/discharge-readiness'), sample.readiness({ occurredAt: clock.at(24) }), 'DischargeReadinessDeclared');
    expect((await expectStatus('awaiting_decision')).readySince).toBe(clock.at(24));
    await command('hospital', on('/discharge-readiness/revocation'), sample.revocation({ occurredAt: clock.at(25), reason: 'new_illness' }), 'DischargeReadinessRevoked');
    expect((await expectStatus('notified')).readySince).toBeNull();
    await command('hospital', on('/discharge-readiness'), sample.readiness({ occurredAt: clock.at(40), declaredAt: clock.at(39) }), 'DischargeReadinessDeclared');
    expect((await expectStatus('awaiting_decision')).readySince).toBe(clock.at(39));
  }, T);

  it("records the municipality's answers: cannot yet, then ready", async () => {
    await command('office', on('/municipal-response'), sample.municipalResponse({ occurredAt: clock.at(41), canReceive: false, expectedReadyDate: clock.date(60) }), 'MunicipalResponseGiven');
    expect((await expectStatus('awaiting_decision')).municipalResponse).toEqual({
      respondedAt: clock.at(41),
      canReceive: false,
      expectedReadyDate: clock.date(60),
      plannedTransferDate: null,
    });
    await command('office', on('/municipal-response'), sample.municipalResponse({ occurredAt: clock.at(50), canReceive: true, plannedTransferDate: clock.date(70) }), 'MunicipalResponseGiven');
    expect((await expectStatus('awaiting_decision')).municipalResponse).toMatchObject({ canReceive: true, plannedTransferDate: clock.date(70) });
  }, T);

  it('schedules a visit (visitId made by the server and returned) and records it conducted', async () => {
    const scheduled = await command('office', on('/visits'), sample.visitSchedule({ occurredAt: clock.at(51), scheduledFor: clock.at(55) }), 'MunicipalVisitScheduled');
    generatedVisitId = scheduled.body.visitId!;
    expect(generatedVisitId).toMatch(/^[0-9a-f-]{36}$/);
    await command('office', on(`/visits/${generatedVisitId}/conducted`), sample.visitConducted({ occurredAt: clock.at(55) }), 'MunicipalVisitConducted');
    const view = await expectStatus('awaiting_decision');
    expect(view.visits).toEqual([
      { visitId: generatedVisitId, scheduledFor: clock.at(55), location: sample.visitSchedule().location, conductedAt: clock.at(55), mode: 'in_person' },
    ]);
  }, T);

  it('records an unscheduled visit under a new visitId', async () => {
    await command('office', on('/visits/telefon-oppfolging/conducted'), sample.visitConducted({
      occurredAt: clock.at(56),
      mode: 'phone',
      participants: [{ role: 'guardian', name: 'Verge Vigdis' }, { role: 'municipal_coordinator' }, { role: 'advocate', independent: true }],
    }), 'MunicipalVisitConducted');
    const view = await expectStatus('awaiting_decision');
    expect(view.visits).toContainEqual({ visitId: 'telefon-oppfolging', scheduledFor: null, location: null, conductedAt: clock.at(56), mode: 'phone' });
  }, T);

  it('presents options in the dialogue of the visit (presentationId returned) and records the choice', async () => {
    const presented = await command('office', on('/options'), sample.options({ occurredAt: clock.at(56.5), channel: 'in_dialogue', visitId: generatedVisitId }), 'OptionsPresented');
    presentationId = presented.body.presentationId!;
    expect(presentationId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await expectStatus('awaiting_decision')).openPresentation).toMatchObject({ presentationId, channel: 'in_dialogue', visitId: generatedVisitId });
    await command('office', on('/choice'), sample.choice({ occurredAt: clock.at(57), presentationId, optionId: 'korttid', statedBy: 'guardian' }), 'UserChoiceRecorded');
    expect((await expectStatus('awaiting_decision')).latestChoice).toEqual({ presentationId, optionId: 'korttid', serviceType: 'short_term_stay', statedBy: 'guardian' });
  }, T);

  it('decides (decisionId made and returned), records an appeal, and decides again', async () => {
    const decided = await command('office', on('/decisions'), sample.decision({ occurredAt: clock.at(58), startDate: clock.date(70) }), 'AllocationDecided');
    firstDecisionId = decided.body.decisionId!;
    expect(firstDecisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await expectStatus('decided')).latestDecision).toEqual({
      decisionId: firstDecisionId,
      serviceType: 'short_term_stay',
      startDate: clock.date(70),
      decidedAt: clock.at(58),
      appealed: false,
    });
    await command('office', on(`/decisions/${firstDecisionId}/appeal`), sample.appeal({ occurredAt: clock.at(60) }), 'DecisionAppealed');
    expect((await expectStatus('decided')).latestDecision).toMatchObject({ decisionId: firstDecisionId, appealed: true });
    await command('office', on('/decisions'), sample.decision({
      occurredAt: clock.at(62),
      decisionId: 'vedtak-2',
      serviceType: 'home_care',
      startDate: clock.date(70),
      decidedBy: { role: 'user' },
      deviationReason: { category: 'user_changed_mind', text: 'Ombestemte seg etter klagen: vil hjem med hjemmesykepleie' },
    }), 'AllocationDecided');
    expect(await expectStatus('decided')).toMatchObject({ decisionCount: 2, latestDecision: { decisionId: 'vedtak-2', serviceType: 'home_care' } });
  }, T);

  it('records the transfer by the hospital, then a follow-up by the office', async () => {
    await command('hospital', on('/transfer'), sample.transfer('vedtak-2', { occurredAt: clock.at(70) }), 'PatientTransferred');
    expect((await expectStatus('transferred')).transfer).toEqual({ transferredAt: clock.at(70), decisionId: 'vedtak-2' });
    await command('office', on('/follow-up'), sample.followUp({ occurredAt: clock.at(98) }), 'FollowUpRecorded');
    expect((await expectStatus('transferred')).latestFollowUp).toMatchObject({ reviewedAt: clock.at(98), outcome: 'service_fits' });
  }, T);

  it('keeps every event in order with its actor from the token and the caller-given occurredAt', async () => {
    const items = await historyOf(h.office, caseId);
    expect(items.map((item) => item.type)).toEqual(recorded.map((event) => event.type));
    expect(items.map((item) => item.revision)).toEqual(recorded.map((_, i) => i));
    for (const [i, item] of items.entries()) {
      const by = recorded[i]!.by;
      expect(item.actor).toEqual(
        by === 'hospital'
          ? { id: 'kari.sykepleier@stolav', role: 'hospital_staff', organisation: HOSPITAL.orgNumber }
          : { id: 'hilde.saksbehandler@trondheim', role: 'allocation_officer', organisation: MUNICIPALITY },
      );
      if (i > 0) expect(isAfter(item.position, items[i - 1]!.position)).toBe(true);
      expect(Date.parse(item.recordedAt)).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(items[0]!.occurredAt).toBe(clock.at(1));
    expect(items[0]!.data).toMatchObject({ caseId, patient, hospital: HOSPITAL, admittedAt: clock.admittedAt });
    expect(items.at(-1)!.occurredAt).toBe(clock.at(98));
    expect(items.at(-1)!.position).toBe(lastPosition);
    expect(await historyOf(h.hospital, caseId)).toEqual(items);
  }, T);

  it('carries X-Correlation-Id into every stored event (history does not expose it; the store does)', async () => {
    const metadata = await h.storedMetadata(caseId);
    expect(metadata).toHaveLength(recorded.length);
    // The retried notice was sent without the header and recorded nothing, so every event has the workflow's id; each is
    // written at the current schema version of its type.
    metadata.forEach((entry, i) => {
      const type = recorded[i]!.type as keyof typeof SCHEMA_VERSIONS;
      expect(entry).toMatchObject({ correlationId, causationId: null, schemaVersion: SCHEMA_VERSIONS[type] });
    });
  }, T);

  it('shows auditors a pseudonym, never the national ID, the patient name or participant names', async () => {
    const visitNames = ['Synnøve Fjellheim', 'Terje Fjellheim', 'Hilde Saksbehandler', 'Jonas Sykepleier', 'Verge Vigdis'];
    const own = await h.auditor.get<{ items: { type: string; data: Body; actor: Body }[] }>(`/cases/${caseId}/history`);
    const all = await h.auditorAll.get<{ items: { type: string; data: Body }[] }>(`/cases/${caseId}/history`);
    expect(own.status).toBe(200);
    expect(all.status).toBe(200);
    expect(own.body.items.map((item) => item.type)).toEqual(recorded.map((event) => event.type));
    for (const answer of [own, all]) {
      const json = JSON.stringify(answer.body);
      expect(json).not.toContain(patient.nationalId);
      expect(json).not.toContain(patient.name);
      for (const name of visitNames) expect(json).not.toContain(name);
    }
    const pseudonym = own.body.items[0]!.data.patientPseudonym;
    expect(pseudonym).toEqual(expect.any(String));
    expect(String(pseudonym).length).toBeGreaterThanOrEqual(8);
    expect(own.body.items[0]!.data).not.toHaveProperty('patient');
    expect(all.body.items[0]!.data.patientPseudonym).toBe(pseudonym);
    const visits = own.body.items.filter((item) => item.type === 'MunicipalVisitConducted');
    expect(visits.map((visit) => visit.data.participants)).toEqual([
      [{ role: 'user' }, { role: 'relative' }, { role: 'municipal_caseworker' }, { role: 'hospital_staff' }],
      [{ role: 'guardian' }, { role: 'municipal_coordinator' }, { role: 'advocate', independent: true }],
    ]);
    // The same patient in another case gets the same pseudonym; another patient another one.
    const again = await walkFullTransfer(h, { patient, followUp: false });
    const other = await walkFullTransfer(h, { patient: samplePatient(8), followUp: false });
    const pseudonymOf = async (id: string) =>
      ((await h.auditor.get<{ items: { data: Body }[] }>(`/cases/${id}/history`)).body.items[0]!.data.patientPseudonym);
    expect(await pseudonymOf(again.caseId)).toBe(pseudonym);
    expect(await pseudonymOf(other.caseId)).not.toBe(pseudonym);
  }, T);
});

describe('the other paths', () => {
  it('withdraws a case (hospital) after the user declined a dialogue; it reads as withdrawn', async () => {
    const clock = CaseClock.admittedHoursAgo(30);
    const caseId = randomUUID();
    const opened = await h.hospital.post<Answer>('/cases', sample.admission({ caseId, admittedAt: clock.admittedAt }));
    expect(opened.status).toBe(201);
    const declined = await h.office.post<Answer>(`/cases/${caseId}/declined-dialogue`, sample.declinedDialogue({ occurredAt: clock.at(5) }));
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ caseId, revision: 1 });
    expect(declined.headers.get('etag')).toBe('"1"');
    const withdrawn = await h.hospital.post<Answer>(`/cases/${caseId}/withdrawal`, sample.withdrawal({ reason: 'moved_municipality' }));
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ caseId, revision: 2, position: expect.stringMatching(/^\d+-\d+$/) });
    expect(withdrawn.headers.get('etag')).toBe('"2"');
    const view = await h.hospital.get<Body>(`/cases/${caseId}`);
    expect(view.body).toMatchObject({ status: 'withdrawn', withdrawal: { reason: 'moved_municipality', details: null }, revision: 2 });
    expect(view.headers.get('etag')).toBe('"2"');
    const items = await historyOf(h.hospital, caseId);
    expect(items.map((item) => item.type)).toEqual(['AdmissionNotified', 'UserDeclinedDialogue', 'CaseWithdrawn']);
    expect(items[1]!.data).toEqual({ occurredAt: clock.at(5), statement: sample.declinedDialogue().statement });
  }, T);

  it('lets the office record the transfer too (walkFullTransfer end to end)', async () => {
    const walked = await walkFullTransfer(h, { transferredBy: 'office' });
    expect(walked.steps.map((step) => step.answer.body.revision)).toEqual(walked.steps.map((_, i) => i));
    const items = await historyOf(h.office, walked.caseId);
    const transfer = items.find((item) => item.type === 'PatientTransferred')!;
    expect(transfer.actor).toMatchObject({ role: 'allocation_officer', organisation: MUNICIPALITY });
    expect(transfer.data).toEqual({ transferredAt: walked.clock.at(48), decisionId: walked.decisionId });
    expect(items.map((item) => item.type)).toEqual([
      'AdmissionNotified',
      'HospitalRecommendationGiven',
      'UserWishRelayed',
      'DischargeReadinessDeclared',
      'MunicipalResponseGiven',
      'MunicipalVisitScheduled',
      'MunicipalVisitConducted',
      'OptionsPresented',
      'UserChoiceRecorded',
      'AllocationDecided',
      'PatientTransferred',
      'FollowUpRecorded',
    ]);
    expect((await h.office.get<Body>(`/cases/${walked.caseId}`)).body).toMatchObject({ status: 'transferred', revision: items.length - 1 });
  }, T);

  it('assigns a caseId when the notice carries none', async () => {
    const answer = await h.hospital.post<Answer>('/cases', sample.admission({ caseId: undefined }));
    expect(answer.status).toBe(201);
    expect(answer.body.caseId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(answer.body.revision).toBe(0);
    expect((await h.office.get<Body>(`/cases/${answer.body.caseId}`)).status).toBe(200);
  }, T);
});

/** Every command route: which roles may send it, and a body it would take. */
const ROUTES: { path: (caseId: string) => string; roles: string[]; body: () => Body }[] = [
  { path: () => '/cases', roles: ['hospital_staff'], body: () => sample.admission() },
  { path: (id) => `/cases/${id}/recommendation`, roles: ['hospital_staff'], body: () => sample.recommendation() },
  { path: (id) => `/cases/${id}/wishes`, roles: ['hospital_staff', 'allocation_officer'], body: () => sample.wish() },
  { path: (id) => `/cases/${id}/discharge-readiness`, roles: ['hospital_staff'], body: () => sample.readiness() },
  { path: (id) => `/cases/${id}/discharge-readiness/revocation`, roles: ['hospital_staff'], body: () => sample.revocation() },
  { path: (id) => `/cases/${id}/municipal-response`, roles: ['allocation_officer'], body: () => sample.municipalResponse() },
  { path: (id) => `/cases/${id}/visits`, roles: ['allocation_officer'], body: () => sample.visitSchedule() },
  { path: (id) => `/cases/${id}/visits/v1/conducted`, roles: ['allocation_officer'], body: () => sample.visitConducted() },
  { path: (id) => `/cases/${id}/options`, roles: ['allocation_officer'], body: () => sample.options() },
  { path: (id) => `/cases/${id}/choice`, roles: ['allocation_officer'], body: () => sample.choice({ presentationId: 'p1' }) },
  { path: (id) => `/cases/${id}/declined-dialogue`, roles: ['allocation_officer'], body: () => sample.declinedDialogue() },
  { path: (id) => `/cases/${id}/decisions`, roles: ['allocation_officer'], body: () => sample.decision() },
  { path: (id) => `/cases/${id}/decisions/d1/appeal`, roles: ['allocation_officer'], body: () => sample.appeal() },
  { path: (id) => `/cases/${id}/transfer`, roles: ['hospital_staff', 'allocation_officer'], body: () => sample.transfer('d1') },
  { path: (id) => `/cases/${id}/withdrawal`, roles: ['hospital_staff'], body: () => sample.withdrawal() },
  { path: (id) => `/cases/${id}/follow-up`, roles: ['allocation_officer'], body: () => sample.followUp() },
];

const ALL_ROLES = ['hospital_staff', 'allocation_officer', 'quality_auditor', 'admin'] as const;

describe('who may do what', () => {
  let caseId: string;
  let callers: Record<(typeof ALL_ROLES)[number], ApiClient>;

  beforeAll(async () => {
    // An open case: most commands would be taken on it, so a wrong answer would record something.
    const open = await h.hospital.post<Answer>('/cases', sample.admission());
    caseId = open.body.caseId;
    callers = { hospital_staff: h.hospital, allocation_officer: h.office, quality_auditor: h.auditorAll, admin: h.admin };
  }, T);

  it('refuses every command to every other role with 403, before looking at the body, and records nothing', async () => {
    const before = await h.totalEvents();
    let checked = 0;
    for (const route of ROUTES) {
      for (const role of ALL_ROLES.filter((candidate) => !route.roles.includes(candidate))) {
        for (const body of [{ nonsense: true, criteria: 'x' }, route.body()]) {
          const answer = await callers[role].post(route.path(caseId), body);
          const problem = expectProblem(answer, 403);
          expect(problem.detail).toContain(role);
          checked += 1;
        }
        const raw = await callers[role].send('POST', route.path(caseId), '{ not json', { 'content-type': 'application/json' });
        // A body that is not even JSON is refused while reading it, before any route runs.
        expectProblem(raw, 400);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(16 * 2 * 2);
    expect(await h.totalEvents()).toBe(before);
  }, 40_000);

  it('refuses reads by role: auditors read histories only, admins nothing of a case', async () => {
    expectProblem(await h.auditor.get(`/cases/${caseId}`), 403);
    expectProblem(await h.admin.get(`/cases/${caseId}`), 403);
    expectProblem(await h.admin.get(`/cases/${caseId}/history`), 403);
    expect((await h.auditor.get(`/cases/${caseId}/history`)).status).toBe(200);
  }, T);

  it('answers a case outside the caller’s scope exactly like a case that does not exist (404)', async () => {
    const unknown = randomUUID();
    const same = (outside: ApiAnswer, missing: ApiAnswer): void => {
      expectProblem(outside, 404);
      expectProblem(missing, 404);
      expect(JSON.stringify(outside.body).replaceAll(caseId, 'ID')).toBe(JSON.stringify(missing.body).replaceAll(unknown, 'ID'));
      expect(outside.headers.get('content-type')).toBe(missing.headers.get('content-type'));
    };
    const before = await h.totalEvents();
    const historyBefore = await historyOf(h.hospital, caseId);
    const outsiders: Record<string, ApiClient> = {
      hospital_staff: h.otherHospital,
      allocation_officer: h.otherOffice,
    };
    for (const route of ROUTES.slice(1)) {
      for (const role of route.roles) {
        const outsider = outsiders[role]!;
        same(await outsider.post(route.path(caseId), route.body()), await outsider.post(route.path(unknown), route.body()));
      }
    }
    for (const reader of [h.otherHospital, h.otherOffice]) {
      same(await reader.get(`/cases/${caseId}`), await reader.get(`/cases/${unknown}`));
      same(await reader.get(`/cases/${caseId}/history`), await reader.get(`/cases/${unknown}/history`));
    }
    const otherAuditor = await h.client('quality_auditor', '5501');
    same(await otherAuditor.get(`/cases/${caseId}/history`), await otherAuditor.get(`/cases/${unknown}/history`));
    // A path id that cannot name a case is as unknown as any other.
    expectProblem(await h.office.get('/cases/not-a-uuid'), 404);
    expectProblem(await h.office.post('/cases/not-a-uuid/wishes', sample.wish()), 404);
    expect(await h.totalEvents()).toBe(before);
    expect(await historyOf(h.hospital, caseId)).toEqual(historyBefore);
  }, 30_000);

  it('answers 401 to every route without a token, or with a token it did not issue', async () => {
    const before = await h.totalEvents();
    const [header, payload, signature] = (await h.running.token('hospital_staff', HOSPITAL.orgNumber)).split('.');
    const otherKeys = await generateKeyPair(DEV_ALGORITHM);
    const badTokens: (string | null)[] = [
      null,
      'not-a-jwt',
      // Another key's signature, a payload changed under the real signature, and no signature at all.
      await signDevToken(otherKeys.privateKey, { role: 'hospital_staff', org: HOSPITAL.orgNumber }),
      `${header}.${Buffer.from(JSON.stringify({ role: 'hospital_staff', org: OTHER_HOSPITAL.orgNumber, sub: 'x' })).toString('base64url')}.${signature}`,
      `${header}.${payload}.`,
    ];
    for (const token of badTokens) {
      for (const route of ROUTES) {
        const response = await fetch(`${h.running.baseUrl}/api/v1${route.path(caseId)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
          body: JSON.stringify(route.body()),
        });
        expect(response.status).toBe(401);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(await response.json()).toMatchObject({ status: 401, title: 'Not authenticated' });
      }
      for (const path of [`/cases/${caseId}`, `/cases/${caseId}/history`]) {
        const response = await fetch(`${h.running.baseUrl}/api/v1${path}`, {
          headers: token === null ? {} : { authorization: `Bearer ${token}` },
        });
        expect(response.status).toBe(401);
      }
    }
    const basic = await fetch(`${h.running.baseUrl}/api/v1/cases/${caseId}`, { headers: { authorization: 'Basic dXNlcjpwdw==' } });
    expect(basic.status).toBe(401);
    expect(await h.totalEvents()).toBe(before);
  }, 30_000);

  it('refuses hospital staff opening a case for another hospital (403), recording nothing', async () => {
    const before = await h.totalEvents();
    const caseIdElsewhere = randomUUID();
    const answer = await h.hospital.post('/cases', sample.admission({ caseId: caseIdElsewhere, hospital: { ...OTHER_HOSPITAL } }));
    expectProblem(answer, 403);
    expect(await h.totalEvents()).toBe(before);
    expectProblem(await h.otherHospital.get(`/cases/${caseIdElsewhere}`), 404);
    expectProblem(await h.hospital.get(`/cases/${caseIdElsewhere}`), 404);
    // The other hospital's own staff may open it.
    const own = await h.otherHospital.post<Answer>('/cases', sample.admission({ caseId: caseIdElsewhere, hospital: { ...OTHER_HOSPITAL } }));
    expect(own.status).toBe(201);
    expect(own.body.caseId).toBe(caseIdElsewhere);
  }, T);

  it("will not let a hospital take over another hospital's caseId (404, as if unknown)", async () => {
    const theirs = randomUUID();
    expect((await h.otherHospital.post('/cases', sample.admission({ caseId: theirs, hospital: { ...OTHER_HOSPITAL } }))).status).toBe(201);
    const before = await h.totalEvents();
    expectProblem(await h.hospital.post('/cases', sample.admission({ caseId: theirs })), 404);
    expect(await h.totalEvents()).toBe(before);
  }, T);
});
