import { randomUUID } from 'node:crypto';
import { ApiClient, type ApiAnswer } from './support/api-client.js';
import { startApiCluster, type ApiCluster } from './support/api-cluster.js';
import { expectProblem, historyOf, startCaseHarness, type CaseHarness, type HistoryItem } from './support/case-harness.js';
import { CaseClock, HOSPITAL, MUNICIPALITY, record, sample, type Body } from './support/sample-cases.js';

/**
 * Commands racing on one case: without If-Match the server retries conflicts itself and the stream stays a
 * clean sequence; with If-Match exactly one of a racing set wins; Idempotency-Key replays instead of recording
 * twice, also when the copies arrive together; and two API processes over one database keep all of this.
 */

let h: CaseHarness;

beforeAll(async () => {
  h = await startCaseHarness();
}, 60_000);

afterAll(async () => h?.close());

const T = 30_000;

interface Answer {
  caseId: string;
  revision: number;
  position: string;
  decisionId?: string;
}

/** A case with readiness declared: decisions need no deviation reason (no choice recorded). */
const readyCase = async (hospital: ApiClient = h.hospital): Promise<{ caseId: string; clock: CaseClock; on: (suffix: string) => string }> => {
  const clock = CaseClock.admittedHoursAgo(100);
  const caseId = randomUUID();
  await record(hospital, '/cases', sample.admission({ caseId, admittedAt: clock.admittedAt, occurredAt: clock.at(1) }));
  await record(hospital, `/cases/${caseId}/discharge-readiness`, sample.readiness({ occurredAt: clock.at(24) }));
  return { caseId, clock, on: (suffix) => `/cases/${caseId}${suffix}` };
};

/** Revisions 0..n-1 in order, positions strictly rising: the stream a reader folds. */
const expectContiguous = (items: readonly HistoryItem[]): void => {
  expect(items.map((item) => item.revision)).toEqual(items.map((_, i) => i));
  expect(new Set(items.map((item) => item.position)).size).toBe(items.length);
};

describe('without If-Match', () => {
  it('takes 20 parallel decisions on one case: each 200 or a clean 409, each recorded once, revisions contiguous', async () => {
    const { caseId, on } = await readyCase();
    const ids = Array.from({ length: 20 }, (_, i) => `parallell-${String(i).padStart(2, '0')}`);
    const answers = await Promise.all(
      ids.map((decisionId, i) =>
        h.office.post<Answer>(on('/decisions'), sample.decision({ decisionId, serviceType: i % 2 ? 'home_care' : 'short_term_stay' })),
      ),
    );
    const accepted = answers.filter((answer) => answer.status === 200);
    for (const answer of answers) {
      expect([200, 409]).toContain(answer.status);
      if (answer.status === 409) expect(expectProblem(answer, 409).rule).toBe('concurrent-modification');
    }
    expect(accepted.length).toBeGreaterThan(0);

    const items = await historyOf(h.office, caseId);
    expectContiguous(items);
    const decided = items.filter((item) => item.type === 'AllocationDecided');
    expect(decided).toHaveLength(accepted.length);
    expect(items).toHaveLength(2 + accepted.length);
    const recordedIds = decided.map((item) => item.data.decisionId as string);
    expect(new Set(recordedIds).size).toBe(recordedIds.length);
    expect(new Set(recordedIds)).toEqual(new Set(accepted.map((answer) => answer.body.decisionId)));
    // Each answer names the revision and position its own decision was recorded at.
    for (const answer of accepted) {
      const event = decided.find((item) => item.data.decisionId === answer.body.decisionId)!;
      expect(answer.body.revision).toBe(event.revision);
      expect(answer.body.position).toBe(event.position);
      expect(answer.headers.get('etag')).toBe(`"${event.revision}"`);
    }
    const view = await h.office.get<Body>(`/cases/${caseId}`);
    expect(view.body).toMatchObject({ status: 'decided', decisionCount: accepted.length });
    expect(view.headers.get('etag')).toBe(`"${items.length - 1}"`);
    // Report how many the server's own retries carried through (api.md: it retries internal conflicts itself).
    expect(accepted.length).toBeGreaterThanOrEqual(answers.length / 2);
  }, T);

  it('takes different commands from both parties in parallel, each once', async () => {
    const { caseId, on } = await readyCase();
    const sends: Promise<ApiAnswer<Answer>>[] = [
      h.hospital.post(on('/recommendation'), sample.recommendation()),
      h.hospital.post(on('/wishes'), sample.wish({ statement: 'fra sykehuset' })),
      h.office.post(on('/wishes'), sample.wish({ statement: 'fra kontoret' })),
      h.office.post(on('/municipal-response'), sample.municipalResponse()),
      h.office.post(on('/visits'), sample.visitSchedule({ visitId: 'v1' })),
      h.office.post(on('/options'), sample.options({ presentationId: 'p1' })),
      h.office.post(on('/declined-dialogue'), sample.declinedDialogue()),
      h.office.post(on('/decisions'), sample.decision({ decisionId: 'd1' })),
    ];
    const answers = await Promise.all(sends);
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    const items = await historyOf(h.office, caseId);
    expectContiguous(items);
    expect(items).toHaveLength(2 + sends.length);
    expect(new Set(answers.map((answer) => answer.body.revision))).toEqual(new Set(items.slice(2).map((item) => item.revision)));
  }, T);
});

describe('with If-Match', () => {
  it('lets exactly one of 10 parallel commands with the same If-Match through; the rest get 412 saying the case changed', async () => {
    const { caseId, on } = await readyCase();
    const seen = await h.office.get(`/cases/${caseId}`);
    const etag = seen.headers.get('etag')!;
    expect(etag).toBe('"1"');
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.office.post<Answer>(on('/wishes'), sample.wish({ statement: `ønske ${i}` }), { 'if-match': etag })),
    );
    const winners = answers.filter((answer) => answer.status === 200);
    const losers = answers.filter((answer) => answer.status === 412);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(9);
    expect(winners[0]!.body.revision).toBe(2);
    expect(winners[0]!.headers.get('etag')).toBe('"2"');
    for (const loser of losers) {
      const problem = expectProblem(loser, 412);
      expect(problem.title).toBe('The case has changed');
      expect(problem.detail).toMatch(/revision 2, not 1/);
      expect(problem.currentRevision).toBe(2);
    }
    const items = await historyOf(h.office, caseId);
    expect(items).toHaveLength(3);
    expectContiguous(items);
  }, T);

  it('refuses a stale If-Match with 412 and records nothing; the current one (also weak) is taken', async () => {
    const { caseId, on } = await readyCase();
    await record(h.office, on('/wishes'), sample.wish());
    const before = await h.totalEvents();
    for (const stale of ['"0"', '"1"', '"3"', '"99"']) {
      const problem = expectProblem(await h.office.post(on('/wishes'), sample.wish(), { 'if-match': stale }), 412);
      expect(problem.currentRevision).toBe(2);
    }
    expect(await h.totalEvents()).toBe(before);
    // A rule still refuses with 409 when the revision is right.
    const refused = await h.office.post(on('/transfer'), sample.transfer('finnes-ikke'), { 'if-match': '"2"' });
    expect(expectProblem(refused, 409).rule).toBe('transfer-requires-decision');
    const taken = await h.office.post<Answer>(on('/wishes'), sample.wish(), { 'if-match': '"2"' });
    expect(taken.status).toBe(200);
    expect(taken.body.revision).toBe(3);
    const weak = await h.office.post<Answer>(on('/wishes'), sample.wish(), { 'if-match': 'W/"3"' });
    expect(weak.status).toBe(200);
    expect(weak.headers.get('etag')).toBe('"4"');
  }, T);

  it('answers a case outside the caller’s scope with 404 even with If-Match: no revision leaks', async () => {
    const { caseId, on } = await readyCase();
    const unknown = randomUUID();
    for (const ifMatch of ['"0"', '"1"']) {
      const outside = await h.otherOffice.post(on('/wishes'), sample.wish(), { 'if-match': ifMatch });
      const missing = await h.otherOffice.post(`/cases/${unknown}/wishes`, sample.wish(), { 'if-match': ifMatch });
      expectProblem(outside, 404);
      expectProblem(missing, 404);
      expect(JSON.stringify(outside.body).replaceAll(caseId, 'ID')).toBe(JSON.stringify(missing.body).replaceAll(unknown, 'ID'));
    }
  }, T);
});

describe('Idempotency-Key', () => {
  it('answers the same key and body with the first answer, marked replayed, recording nothing twice', async () => {
    const { caseId, on } = await readyCase();
    const key = `wish-${randomUUID()}`;
    const body = sample.wish();
    const first = await h.office.post<Answer>(on('/wishes'), body, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const before = await h.totalEvents();
    for (const reordered of [body, Object.fromEntries(Object.entries(body).reverse())]) {
      const again = await h.office.post<Answer>(on('/wishes'), reordered, { 'idempotency-key': key });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    }
    expect(await h.totalEvents()).toBe(before);
    expect(await historyOf(h.office, caseId)).toHaveLength(3);
  }, T);

  it('replays an admission with its 201', async () => {
    const key = `admission-${randomUUID()}`;
    const body = sample.admission({ caseId: undefined });
    const first = await h.hospital.post<Answer>('/cases', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const before = await h.totalEvents();
    const again = await h.hospital.post<Answer>('/cases', body, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    // The server made the caseId; the replay names the same case instead of opening another.
    expect(again.body).toEqual(first.body);
    expect(await h.totalEvents()).toBe(before);
  }, T);

  it('records once when copies with the same key arrive together', async () => {
    const { caseId, on } = await readyCase();
    const key = `together-${randomUUID()}`;
    const body = sample.decision({ decisionId: undefined });
    const answers = await Promise.all(Array.from({ length: 6 }, () => h.office.post<Answer>(on('/decisions'), body, { 'idempotency-key': key })));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    for (const answer of answers) expect(answer.body).toEqual(answers[0]!.body);
    expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true')).toHaveLength(answers.length - 1);
    const items = await historyOf(h.office, caseId);
    expect(items.filter((item) => item.type === 'AllocationDecided')).toHaveLength(1);
    expect(items.at(-1)!.data.decisionId).toBe(answers[0]!.body.decisionId);
  }, T);

  it('answers the same key with another body, or on another route, with 422 and records nothing', async () => {
    const { caseId, on } = await readyCase();
    const key = `reuse-${randomUUID()}`;
    await record(h.office, on('/wishes'), sample.wish(), { 'idempotency-key': key });
    const elsewhere = await readyCase();
    const before = await h.totalEvents();
    const other = await h.office.post(on('/wishes'), sample.wish({ statement: 'noe annet' }), { 'idempotency-key': key });
    expect(expectProblem(other, 422).title).toBe('Idempotency key reused with another request');
    expectProblem(await h.office.post(on('/municipal-response'), sample.municipalResponse(), { 'idempotency-key': key }), 422);
    expectProblem(await h.office.post(elsewhere.on('/wishes'), sample.wish(), { 'idempotency-key': key }), 422);
    expect(await h.totalEvents()).toBe(before);
    expect(await historyOf(h.office, caseId)).toHaveLength(3);
  }, T);

  it('keeps keys per caller: another officer with the same key and body records their own command', async () => {
    const { caseId, on } = await readyCase();
    const key = `per-caller-${randomUUID()}`;
    const colleague = await h.client('allocation_officer', MUNICIPALITY, 'kollega@trondheim');
    const mine = await h.office.post<Answer>(on('/wishes'), sample.wish(), { 'idempotency-key': key });
    const theirs = await colleague.post<Answer>(on('/wishes'), sample.wish(), { 'idempotency-key': key });
    expect([mine.status, theirs.status]).toEqual([200, 200]);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.revision).toBe(mine.body.revision + 1);
    const items = await historyOf(h.office, caseId);
    expect(items.slice(-2).map((item) => item.actor.id)).toEqual(['hilde.saksbehandler@trondheim', 'kollega@trondheim']);
  }, T);

  it('leaves the key free when the command was refused, so the same request can be sent again later', async () => {
    const { caseId, on } = await readyCase();
    const key = `refused-first-${randomUUID()}`;
    const transfer = sample.transfer('d-senere');
    expect(expectProblem(await h.hospital.post(on('/transfer'), transfer, { 'idempotency-key': key }), 409).rule).toBe('transfer-requires-decision');
    await record(h.office, on('/decisions'), sample.decision({ decisionId: 'd-senere' }));
    const taken = await h.hospital.post<Answer>(on('/transfer'), transfer, { 'idempotency-key': key });
    expect(taken.status).toBe(200);
    expect(taken.headers.get('idempotent-replayed')).toBeNull();
    const replay = await h.hospital.post<Answer>(on('/transfer'), transfer, { 'idempotency-key': key });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(taken.body);
    expect((await historyOf(h.office, caseId)).map((item) => item.type)).toEqual([
      'AdmissionNotified',
      'DischargeReadinessDeclared',
      'AllocationDecided',
      'PatientTransferred',
    ]);
  }, T);
});

describe('two API processes over one database', () => {
  let cluster: ApiCluster;
  let a: { hospital: ApiClient; office: ApiClient };
  let b: { hospital: ApiClient; office: ApiClient };

  beforeAll(async () => {
    cluster = await startApiCluster(2);
    const hospitalToken = await cluster.token('hospital_staff', HOSPITAL.orgNumber);
    const officeToken = await cluster.token('allocation_officer', MUNICIPALITY);
    a = { hospital: new ApiClient(cluster.baseUrls[0]!, hospitalToken), office: new ApiClient(cluster.baseUrls[0]!, officeToken) };
    b = { hospital: new ApiClient(cluster.baseUrls[1]!, hospitalToken), office: new ApiClient(cluster.baseUrls[1]!, officeToken) };
  }, 60_000);

  afterAll(async () => cluster?.close());

  it('decides on the case as it is, not as one process last saw it', async () => {
    const caseId = randomUUID();
    const on = (suffix: string) => `/cases/${caseId}${suffix}`;
    await record(a.hospital, '/cases', sample.admission({ caseId }));
    await record(a.hospital, on('/discharge-readiness'), sample.readiness());
    // Process B revokes; process A, which saw the declaration, must now take a new one.
    await record(b.hospital, on('/discharge-readiness/revocation'), sample.revocation());
    const declared = await a.hospital.post<Answer>(on('/discharge-readiness'), sample.readiness());
    expect(declared.status).toBe(200);
    expect(declared.body.revision).toBe(3);
    // Process B records a decision; A must see it to take the transfer under it.
    await record(b.office, on('/decisions'), sample.decision({ decisionId: 'd-b' }));
    const transferred = await a.hospital.post<Answer>(on('/transfer'), sample.transfer('d-b'));
    expect(transferred.status).toBe(200);
    // Process B then answers as the case now is: closed.
    expect(expectProblem(await b.office.post(on('/wishes'), sample.wish()), 409).rule).toBe('case-closed');
    const items = await historyOf(b.office, caseId);
    expect(items.map((item) => item.type)).toEqual([
      'AdmissionNotified',
      'DischargeReadinessDeclared',
      'DischargeReadinessRevoked',
      'DischargeReadinessDeclared',
      'AllocationDecided',
      'PatientTransferred',
    ]);
    expectContiguous(items);
  }, T);

  it('refuses a stale If-Match in one process after the other moved the case', async () => {
    const caseId = randomUUID();
    const on = (suffix: string) => `/cases/${caseId}${suffix}`;
    await record(a.hospital, '/cases', sample.admission({ caseId }));
    await record(a.office, on('/wishes'), sample.wish());
    await record(b.office, on('/wishes'), sample.wish());
    const stale = await a.office.post(on('/wishes'), sample.wish(), { 'if-match': '"1"' });
    expect(expectProblem(stale, 412).currentRevision).toBe(2);
    // A refusal decided on what A saw would be a 409; the case as it is gives the 412 the caller needs.
    const staleRefused = await a.office.post(on('/transfer'), sample.transfer('d1'), { 'if-match': '"1"' });
    expectProblem(staleRefused, 412);
    expect(await historyOf(a.office, caseId)).toHaveLength(3);
  }, T);

  it('keeps one clean stream when both processes take 20 parallel decisions', async () => {
    const caseId = randomUUID();
    await record(a.hospital, '/cases', sample.admission({ caseId }));
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).office.post<Answer>(`/cases/${caseId}/decisions`, sample.decision({ decisionId: `d${i}` })),
      ),
    );
    for (const answer of answers) {
      expect([200, 409]).toContain(answer.status);
      if (answer.status === 409) expect(expectProblem(answer, 409).rule).toBe('concurrent-modification');
    }
    const accepted = answers.filter((answer) => answer.status === 200);
    const items = await historyOf(a.office, caseId);
    expectContiguous(items);
    expect(items).toHaveLength(1 + accepted.length);
    expect(new Set(items.slice(1).map((item) => item.data.decisionId))).toEqual(new Set(accepted.map((answer) => answer.body.decisionId)));
    expect(new Set(accepted.map((answer) => answer.body.revision)).size).toBe(accepted.length);
  }, T);

  it('replays an Idempotency-Key across processes', async () => {
    const caseId = randomUUID();
    await record(a.hospital, '/cases', sample.admission({ caseId }));
    const key = `cross-${randomUUID()}`;
    const first = await a.office.post<Answer>(`/cases/${caseId}/wishes`, sample.wish(), { 'idempotency-key': key });
    const again = await b.office.post<Answer>(`/cases/${caseId}/wishes`, sample.wish(), { 'idempotency-key': key });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await historyOf(b.office, caseId)).toHaveLength(2);
  }, T);
});
