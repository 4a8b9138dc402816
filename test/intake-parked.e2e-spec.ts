import { randomUUID } from 'node:crypto';
import { EXAMPLES } from '#libs/intake/testing/official-examples.js';
import { TestMessage } from '#libs/intake/testing/test-message.js';
import { ALVDAL, ALVDAL_ORG, forNewPatient, startIntakeHarness, type IntakeHarness } from './support/intake-harness.js';

/**
 * The officers' inbox of parked hospital messages, and the admin's intake configuration, against the built API:
 * what an item shows, resolving it (attach, open a case, dismiss) through the command path, idempotently and
 * safely under concurrency, and who may do what.
 */

let h: IntakeHarness;

beforeAll(async () => {
  h = await startIntakeHarness();
}, 60_000);

afterAll(async () => h?.close());

interface Item {
  id: string;
  reasonCode: string;
  reason: string;
  state: string;
  facts: Record<string, unknown>;
  suggestions: { caseId: string; why: string; patientName: string }[];
  resolution: Record<string, unknown> | null;
}

const item = async (id: string): Promise<Item> => (await h.officer.get<Item>(`/intake/parked/${id}`)).body;
const resolve = (id: string, body: Record<string, unknown>, as = h.officer) => as.post<Record<string, unknown>>(`/intake/parked/${id}/resolve`, body);

const decide = async (caseId: string) => {
  const answer = await h.officer.post(`/cases/${caseId}/decisions`, {
    serviceType: 'home_care',
    startDate: '2018-02-01',
    decidedAt: '2018-01-31T12:00:00+01:00',
    occurredAt: '2018-01-31T12:00:00+01:00',
    rationale: 'Hjemmesykepleie morgen og kveld',
  });
  expect(answer.status).toBe(200);
};

describe('a message identified only by a help number (FHN)', () => {
  const fhn = () =>
    TestMessage.official(EXAMPLES.innlagt)
      .withPatient({ familyName: 'Hjelpesen', givenName: 'Hilda', idents: [{ id: '80012345678', type: 'FHN' }] })
      .fresh();

  it('waits in the inbox with why, what it says in bokmål and the patient masked', async () => {
    const posted = await h.post(fhn());
    expect(posted.body).toMatchObject({ outcome: 'parked', appRecs: [{ status: 1 }] });
    const waiting = await item(posted.body.parkedId!);
    expect(waiting).toMatchObject({
      reasonCode: 'patient_not_identified',
      reason: expect.stringContaining('fødselsnummer'),
      state: 'open',
      facts: {
        kind: 'Melding om innlagt pasient',
        statusText: 'Ny',
        patient: { name: 'Hilda Hjelpesen', idType: 'FHN', maskedId: '800123*****' },
        hospital: { herId: '59', name: 'ST OLAVS HOSPITAL HF', department: 'Ortopedisk kirurgi' },
        events: [{ code: '1', text: 'Pasient innlagt', time: '2018-01-29T10:00:00' }],
      },
    });
    const list = await h.officer.get<{ items: Item[] }>('/intake/parked?limit=100');
    expect(list.body.items.map((entry) => entry.id)).toContain(posted.body.parkedId);
  });

  it('opens a case once the officer gives the fødselsnummer; the same resolution again answers the same', async () => {
    const posted = await h.post(fhn());
    const refused = await resolve(posted.body.parkedId!, { action: 'open_case' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ rule: 'patient_not_identified' });
    const { nationalId } = forNewPatient(EXAMPLES.innlagt);
    const opened = await resolve(posted.body.parkedId!, { action: 'open_case', nationalId });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ action: 'open_case', events: ['AdmissionNotified'], caseId: expect.any(String) });
    const again = await resolve(posted.body.parkedId!, { action: 'open_case', nationalId });
    expect(again.body).toEqual(opened.body);
    expect((await resolve(posted.body.parkedId!, { action: 'dismiss', reason: 'Feil' })).status).toBe(409);

    const caseRead = await h.officer.get<Record<string, unknown>>(`/cases/${opened.body.caseId}`);
    expect(caseRead.body).toMatchObject({ patient: { nationalId, name: 'Hilda Hjelpesen' }, municipalityCode: ALVDAL, expectedNeeds: '' });
    const history = await h.officer.get<{ items: Record<string, unknown>[] }>(`/cases/${opened.body.caseId}/history`);
    expect(history.body.items[0]).toMatchObject({
      actor: { id: '59', role: 'hospital_system', organisation: '974749025' },
      source: { channel: 'plo', msgId: expect.any(String), resolvedBy: { role: 'allocation_officer', organisation: ALVDAL } },
    });
    expect(await item(posted.body.parkedId!)).toMatchObject({ state: 'resolved', resolution: { action: 'open_case', caseId: opened.body.caseId } });
  });
});

describe('a discharge before any decision', () => {
  it('is parked, suggests the patient’s case, and is recorded as the transfer once attached after the decision', async () => {
    const { message: readiness, patient } = forNewPatient(EXAMPLES.utskrivningsklar);
    const ready = await h.post(readiness);
    const caseId = ready.body.caseId!;
    const discharged = await h.post(patient(TestMessage.official(EXAMPLES.utskrevet)).fresh());
    expect(discharged.body).toMatchObject({ outcome: 'parked' });
    const waiting = await item(discharged.body.parkedId!);
    expect(waiting.reasonCode).toBe('no_decision');
    expect(waiting.suggestions[0]).toMatchObject({ caseId, why: 'same_patient', patientName: expect.stringContaining('Testesen') });

    const early = await resolve(discharged.body.parkedId!, { action: 'attach', caseId });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ rule: 'no_decision' });
    await decide(caseId);
    const attached = await Promise.all([
      resolve(discharged.body.parkedId!, { action: 'attach', caseId }),
      resolve(discharged.body.parkedId!, { action: 'attach', caseId }),
    ]);
    expect(attached.map((answer) => answer.status)).toEqual([200, 200]);
    expect(attached[0]!.body).toEqual(attached[1]!.body);
    expect(attached[0]!.body).toMatchObject({ events: ['PatientTransferred'], caseId });
    expect((await h.officer.get<Record<string, unknown>>(`/cases/${caseId}`)).body).toMatchObject({ status: 'transferred' });
  });
});

describe('rules the domain enforces', () => {
  it('a second readiness notice without a revocation is OK for the hospital and parked for the office', async () => {
    const { message, patient } = forNewPatient(EXAMPLES.utskrivningsklar);
    await h.post(message);
    const second = await h.post(patient(TestMessage.official(EXAMPLES.utskrivningsklar)).fresh());
    expect(second.body).toMatchObject({ outcome: 'parked', appRecs: [{ status: 1 }] });
    expect(await item(second.body.parkedId!)).toMatchObject({ reasonCode: 'rule_refused', reason: expect.stringContaining('allerede meldt utskrivningsklar') });
  });

  it('a cancelled revocation stops counting; cancelling the notice that opened a case the office has worked on goes to an officer', async () => {
    const { message: readiness, patient } = forNewPatient(EXAMPLES.utskrivningsklar);
    const ready = await h.post(readiness);
    const caseId = ready.body.caseId!;
    expect((await h.officer.get<Record<string, unknown>>(`/cases/${caseId}`)).body).toMatchObject({ status: 'awaiting_decision' });
    const revocation = patient(TestMessage.official(EXAMPLES.avmelding)).fresh();
    expect((await h.post(revocation)).body).toMatchObject({ outcome: 'recorded', events: ['DischargeReadinessRevoked'] });
    const cancelled = await h.post(revocation.cancelling(revocation.msgId).fresh());
    expect(cancelled.body).toMatchObject({ outcome: 'recorded', events: ['NoticeCancelled'] });
    expect((await h.officer.get<Record<string, unknown>>(`/cases/${caseId}`)).body).toMatchObject({ status: 'awaiting_decision', readySince: expect.any(String) });
    const response = await h.officer.post(`/cases/${caseId}/municipal-response`, {
      canReceive: false,
      expectedReadyDate: '2018-02-05',
      respondedAt: '2018-01-31T14:00:00+01:00',
      occurredAt: '2018-01-31T14:00:00+01:00',
    });
    expect(response.status).toBe(200);
    const cancelledReadiness = await h.post(readiness.cancelling(readiness.msgId).fresh());
    // The office has answered on the case the readiness notice opened: an officer decides whether to close it.
    expect(cancelledReadiness.body).toMatchObject({ outcome: 'parked' });
    expect(await item(cancelledReadiness.body.parkedId!)).toMatchObject({ reasonCode: 'cancellation_conflict' });
    const forced = await resolve(cancelledReadiness.body.parkedId!, { action: 'attach', caseId });
    expect(forced.body).toMatchObject({ events: ['NoticeCancelled', 'CaseWithdrawn'] });
    expect((await h.officer.get<Record<string, unknown>>(`/cases/${caseId}`)).body).toMatchObject({
      status: 'withdrawn',
      readySince: null,
      withdrawal: { reason: 'notice_cancelled' },
    });
  });

  it('only the sender of a message may cancel it', async () => {
    const { message } = forNewPatient(EXAMPLES.innlagt);
    await h.post(message);
    const foreign = await h.post(message.cancelling(message.msgId).withSender({ herId: '920001', name: 'UNN HF' }).fresh());
    expect(foreign.body).toMatchObject({ outcome: 'parked' });
    expect(await item(foreign.body.parkedId!)).toMatchObject({ reasonCode: 'cancellation_conflict', reason: expect.stringContaining('annen') });
  });
});

describe('an unknown sending hospital', () => {
  it('is parked until the admin adds it; then the officer opens the case', async () => {
    const { message } = forNewPatient(EXAMPLES.innlagt);
    const posted = await h.post(message.withSender({ herId: '930001', name: 'Sykehuset Innlandet HF', unit: { herId: '930002', name: 'Medisinsk avdeling' } }));
    expect(posted.body).toMatchObject({ outcome: 'parked', appRecs: [{ status: 1 }] });
    expect(await item(posted.body.parkedId!)).toMatchObject({ reasonCode: 'unknown_hospital', reason: expect.stringContaining('930001') });
    expect((await resolve(posted.body.parkedId!, { action: 'open_case' })).body).toMatchObject({ rule: 'unknown_hospital' });
    expect((await h.admin.send('PUT', '/admin/intake/hospitals/930001', JSON.stringify({ orgNumber: '983971636', name: 'Sykehuset Innlandet HF' }), { 'content-type': 'application/json' })).status).toBe(200);
    const opened = await resolve(posted.body.parkedId!, { action: 'open_case' });
    expect(opened.body).toMatchObject({ events: ['AdmissionNotified'] });
    expect((await h.officer.get<Record<string, unknown>>(`/cases/${opened.body.caseId}`)).body).toMatchObject({
      hospital: { orgNumber: '983971636', name: 'Sykehuset Innlandet HF', department: 'Medisinsk avdeling' },
    });
  });
});

describe('who sees and resolves what', () => {
  it('an officer of another municipality sees no item and resolves none; dismissing needs a reason', async () => {
    const posted = await h.post(forNewPatient(EXAMPLES.avmelding).message);
    expect(posted.body.outcome).toBe('parked');
    const tromso = await h.client('allocation_officer', '5501');
    expect((await tromso.get<{ items: Item[] }>('/intake/parked')).body.items).toEqual([]);
    expect((await tromso.get(`/intake/parked/${posted.body.parkedId}`)).status).toBe(404);
    expect((await resolve(posted.body.parkedId!, { action: 'dismiss', reason: 'x' }, tromso)).status).toBe(404);
    expect((await h.gateway.get('/intake/parked')).status).toBe(403);
    expect((await resolve(posted.body.parkedId!, { action: 'dismiss' })).status).toBe(400);
    expect((await resolve(posted.body.parkedId!, { action: 'attach', caseId: randomUUID() })).status).toBe(404);
    const dismissed = await resolve(posted.body.parkedId!, { action: 'dismiss', reason: 'Pasienten er ikke vår' });
    expect(dismissed.body).toMatchObject({ action: 'dismiss', events: [] });
    const open = await h.officer.get<{ items: Item[] }>('/intake/parked?limit=100');
    expect(open.body.items.map((entry) => entry.id)).not.toContain(posted.body.parkedId);
    const resolved = await h.officer.get<{ items: Item[] }>('/intake/parked?state=resolved&limit=100');
    expect(resolved.body.items.find((entry) => entry.id === posted.body.parkedId)).toMatchObject({ resolution: { action: 'dismiss', reason: 'Pasienten er ikke vår' } });
  });
});

describe("the admin's intake configuration", () => {
  const put = (path: string, body: unknown, as = h.admin) => as.send<Record<string, unknown>>('PUT', path, JSON.stringify(body), { 'content-type': 'application/json' });

  it('keeps receivers and hospitals by HER-id, validated, admin only', async () => {
    expect((await h.admin.get<{ items: unknown[] }>('/admin/intake/receivers')).body.items).toContainEqual({ herId: '5078', municipalityCode: ALVDAL, name: 'Alvdal Kommune, Sykepleietjeneste' });
    expect((await put('/admin/intake/receivers/940001', { municipalityCode: '3301', name: 'Drammen kommune, hjemmetjenesten' })).status).toBe(200);
    expect((await h.admin.get('/admin/intake/receivers/940001')).body).toEqual({ herId: '940001', municipalityCode: '3301', name: 'Drammen kommune, hjemmetjenesten' });
    const bad = await put('/admin/intake/receivers/940001', { municipalityCode: '33', name: '' });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { field: string }[] }).errors.map((error) => error.field).sort()).toEqual(['municipalityCode', 'name']);
    expect((await put('/admin/intake/hospitals/940002', { orgNumber: '123456789', name: 'X' })).status).toBe(400);
    expect((await put('/admin/intake/receivers/940001', { municipalityCode: '3301', name: 'x' }, h.officer)).status).toBe(403);
    expect((await h.admin.send('DELETE', '/admin/intake/receivers/940001', undefined, {})).status).toBe(204);
    expect((await h.admin.get('/admin/intake/receivers/940001')).status).toBe(404);
    expect((await h.admin.send('DELETE', '/admin/intake/receivers/940001', undefined, {})).status).toBe(404);
  });

  it('a removed receiver is no longer ours: its messages are ignored', async () => {
    expect((await put('/admin/intake/receivers/940003', { municipalityCode: ALVDAL, name: 'Alvdal, midlertidig' })).status).toBe(200);
    const { message } = forNewPatient(EXAMPLES.innlagt);
    const to = message.withReceiver({ herId: '940003', name: 'Alvdal, midlertidig' });
    expect((await h.post(to)).body.outcome).toBe('recorded');
    await h.admin.send('DELETE', '/admin/intake/receivers/940003', undefined, {});
    expect((await h.post(to.fresh())).body).toMatchObject({ outcome: 'ignored', appRecs: [] });
    expect(ALVDAL_ORG.herId).toBe('99387');
  });
});

describe('INTAKE_REJECT_UNKNOWN_RECEIVER=true', () => {
  let strict: IntakeHarness;

  beforeAll(async () => {
    strict = await startIntakeHarness({ INTAKE_REJECT_UNKNOWN_RECEIVER: 'true' });
  }, 60_000);

  afterAll(async () => strict?.close());

  it('rejects a message for an unknown service of ours with E21, and answers a known copy receiver OK', async () => {
    const { message } = forNewPatient(EXAMPLES.innlagt);
    const unknown = message.withReceiver({ ...ALVDAL_ORG, unit: { herId: '777777', name: 'Ukjent tjeneste' } });
    const rejected = await strict.post(unknown);
    expect(rejected.body).toMatchObject({ outcome: 'rejected', appRecs: [{ status: 2, errors: [{ code: 'E21', text: 'Mottaker finnes ikke' }] }] });
    const withCopy = await strict.post(unknown.withCopyReceiver(ALVDAL_ORG).fresh());
    expect(withCopy.body).toMatchObject({
      outcome: 'recorded',
      appRecs: [
        { role: 'PRIM', receiverHerId: '777777', status: 2, errors: [{ code: 'E21' }] },
        { role: 'COP', receiverHerId: '99387', status: 1 },
      ],
    });
    await strict.appRec(withCopy.body.appRecs[0]!.id);
  });
});
