import { randomUUID } from 'node:crypto';
import { syntheticNationalId } from '#libs/domain/identifiers/synthetic-national-id.js';
import { NS } from '#libs/intake/messages/namespaces.js';
import { EXAMPLES, officialExample } from '#libs/intake/testing/official-examples.js';
import { TestMessage } from '#libs/intake/testing/test-message.js';
import { pathOf, textOf } from '#libs/intake/xml/xml-element.js';
import { ALVDAL, ALVDAL_ORG, forNewPatient, startIntakeHarness, type IntakeHarness } from './support/intake-harness.js';

/**
 * The intake of hospital e-messages against the built API in its own process: every official example with the
 * outcome and AppRec the reference pack says, and the receiving acceptance tests of KITH/Direktoratet (built from
 * the official examples, since their files are not published with the pack).
 */

let h: IntakeHarness;

beforeAll(async () => {
  h = await startIntakeHarness();
}, 60_000);

afterAll(async () => h?.close());

const ar = (...names: string[]) => (root: Awaited<ReturnType<IntakeHarness['appRec']>>) => pathOf(root, NS.appRec, ...names);

describe('the official examples, in the order of a stay', () => {
  it('answers each with AppRec OK and records, parks or cancels as the reference pack says', async () => {
    const outcomes: [string, string, string[]][] = [];
    let readinessCase = '';
    for (const name of [
      EXAMPLES.innlagt,
      EXAMPLES.innlagtKansellering,
      EXAMPLES.utskrivningsklar,
      EXAMPLES.avmelding,
      EXAMPLES.utskrevet,
      EXAMPLES.dod,
      EXAMPLES.dodKansellering,
      EXAMPLES.varsel,
      EXAMPLES.endring1,
      EXAMPLES.endring2,
    ]) {
      const answer = await h.post(officialExample(name));
      expect(answer.status).toBe(200);
      outcomes.push([name, answer.body.outcome, [...answer.body.events]]);
      expect(answer.body.appRecs).toHaveLength(1);
      const [appRec] = answer.body.appRecs;
      expect(appRec).toMatchObject({ role: 'PRIM', status: 1, errors: [] });
      const document = await h.appRec(appRec!.id);
      expect(ar('Status')(document)?.attrs.V).toBe('1');
      expect(textOf(ar('OriginalMsgId', 'Id')(document))).toBe(answer.body.msgId);
      if (name === EXAMPLES.utskrivningsklar) readinessCase = answer.body.caseId!;
    }
    expect(outcomes).toEqual([
      [EXAMPLES.innlagt, 'recorded', ['AdmissionNotified']],
      [EXAMPLES.innlagtKansellering, 'recorded', ['NoticeCancelled', 'CaseWithdrawn']],
      [EXAMPLES.utskrivningsklar, 'recorded', ['AdmissionNotified', 'DischargeReadinessDeclared']],
      [EXAMPLES.avmelding, 'recorded', ['DischargeReadinessRevoked']],
      // Discharged home before any allocation decision: an officer looks at it.
      [EXAMPLES.utskrevet, 'parked', []],
      [EXAMPLES.dod, 'recorded', ['CaseWithdrawn']],
      [EXAMPLES.dodKansellering, 'recorded', ['NoticeCancelled']],
      [EXAMPLES.varsel, 'recorded', ['AdmissionNotified']],
      [EXAMPLES.endring1, 'recorded', ['HealthInformationGiven']],
      [EXAMPLES.endring2, 'recorded', ['HealthInformationGiven']],
    ]);

    // The death notice was cancelled: the case is open again, and both messages stay in its history.
    const read = await h.officer.get<Record<string, unknown>>(`/cases/${readinessCase}`);
    expect(read.body).toMatchObject({ status: 'notified', withdrawal: null, municipalityCode: ALVDAL, hospital: { orgNumber: '974749025', department: 'Ortopedisk kirurgi' } });
    const history = await h.officer.get<{ items: { type: string; cancelled: boolean; source: Record<string, unknown>; actor: Record<string, unknown> }[] }>(
      `/cases/${readinessCase}/history`,
    );
    expect(history.body.items.map(({ type, cancelled, source }) => [type, cancelled, source.msgId])).toEqual([
      ['AdmissionNotified', false, '79c55ed0-0692-11e8-b566-0800200c9a66'],
      ['DischargeReadinessDeclared', false, '79c55ed0-0692-11e8-b566-0800200c9a66'],
      ['DischargeReadinessRevoked', false, 'ad3f4e50-068e-11e8-b566-0800200c9a66'],
      ['CaseWithdrawn', true, 'a5919840-069b-11e8-b566-0800200c9a66'],
      ['NoticeCancelled', false, '9581e430-069d-11e8-b566-0800200c9a66'],
    ]);
    expect(history.body.items[0]).toMatchObject({
      actor: { id: '59', role: 'hospital_system', organisation: '974749025' },
      source: { channel: 'plo', msgId: '79c55ed0-0692-11e8-b566-0800200c9a66' },
    });
    expect(history.body.items[1]).toMatchObject({
      data: { attestation: { source: 'plo', msgId: '79c55ed0-0692-11e8-b566-0800200c9a66', clinician: { name: 'Gunn Omsorg', role: 'Primærkontakt' } } },
    });
    expect(history.body.items[3]).toMatchObject({ data: { reason: 'died', diedAt: '2018-02-20' } });
  });
});

describe('what the official receiving acceptance tests check', () => {
  it('Case1_duplikat: primary and copy receiver in one organisation: both answered at once, the second arrival is a duplicate', async () => {
    const { message } = forNewPatient(EXAMPLES.utskrivningsklar);
    const both = message.withCopyReceiver(ALVDAL_ORG);
    const first = await h.post(both);
    expect(first.body).toMatchObject({ outcome: 'recorded', events: ['AdmissionNotified', 'DischargeReadinessDeclared'] });
    expect(first.body.appRecs.map(({ role, receiverHerId, status }) => [role, receiverHerId, status])).toEqual([
      ['PRIM', '5078', 1],
      ['COP', '99387', 1],
    ]);
    expect(ar('Sender', 'Role')(await h.appRec(first.body.appRecs[1]!.id))?.attrs.V).toBe('COP');
    const second = await h.post(both);
    expect(second.body).toEqual({
      msgId: first.body.msgId,
      msgType: 'LOG_UTSKRIVNINGSKLAR',
      outcome: 'duplicate',
      caseId: first.body.caseId,
      events: [],
      appRecs: first.body.appRecs,
    });
  });

  it('Case1_resending: the same message twice at once is recorded once, and both answers name the same AppRecs', async () => {
    const { message } = forNewPatient(EXAMPLES.innlagt);
    const answers = await Promise.all([h.post(message), h.post(message), h.post(message)]);
    expect(answers.map((answer) => answer.body.outcome).sort()).toEqual(['duplicate', 'duplicate', 'recorded']);
    expect(new Set(answers.map((answer) => answer.body.appRecs[0]!.id)).size).toBe(1);
    const history = await h.officer.get<{ items: unknown[] }>(`/cases/${answers[0]!.body.caseId}/history`);
    expect(history.body.items).toHaveLength(1);
  });

  it('Case1_mottak-som-kopimottaker: only a copy receiver is ours: AppRec OK as COP', async () => {
    const { message } = forNewPatient(EXAMPLES.innlagt);
    const answer = await h.post(message.withReceiver({ herId: '91000', name: 'Et annet legesenter' }).withCopyReceiver(ALVDAL_ORG));
    expect(answer.body).toMatchObject({ outcome: 'recorded', appRecs: [{ role: 'COP', receiverHerId: '99387', status: 1 }] });
  });

  it('Case1_manglende-pasinfo and _manglende-fødselsnummer: no patient, or a name only: Avvist E36, nothing recorded', async () => {
    const base = TestMessage.official(EXAMPLES.innlagt);
    for (const message of [base.withoutPatient(), base.withPatient({ familyName: 'Gundersen', givenName: 'Roland', dateOfBirth: null, sex: null })]) {
      const answer = await h.post(message.fresh());
      expect(answer.body).toMatchObject({ outcome: 'rejected', events: [], appRecs: [{ status: 2, errors: [{ code: 'E36', text: 'Pasientopplysninger er utilstrekkelige' }] }] });
      expect(answer.body.caseId).toBeUndefined();
      const document = await h.appRec(answer.body.appRecs[0]!.id);
      expect(ar('Status')(document)?.attrs).toEqual({ V: '2', DN: 'Avvist' });
      expect(ar('Error')(document)?.attrs.V).toBe('E36');
    }
  });

  it('Case1_manglende-avsenderinfo-a and -b: no sender: no AppRec at all', async () => {
    for (const message of [TestMessage.official(EXAMPLES.innlagt).withSenderEmptied(), TestMessage.official(EXAMPLES.innlagt).withoutSender()]) {
      const answer = await h.post(message.fresh());
      expect(answer.body).toMatchObject({ outcome: 'ignored', appRecs: [], events: [] });
    }
  });

  it('Case1_ukjent-pasient: a valid FNR unknown here: OK; a death with no open case waits for an officer', async () => {
    const { message } = forNewPatient(EXAMPLES.dod);
    const answer = await h.post(message);
    expect(answer.body).toMatchObject({ outcome: 'parked', appRecs: [{ status: 1, receiverHerId: '91100' }] });
    expect(answer.body.parkedId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('Case1_pasient-id-a…d: FHN + birth date and FHN only are OK but parked; DNR and FNR + FHN are recorded', async () => {
    const base = TestMessage.official(EXAMPLES.innlagt);
    const fhn = { id: '80076500565', type: 'FHN' } as const;
    const parked = [
      base.withPatient({ familyName: 'Gundersen', idents: [fhn] }),
      base.withPatient({ familyName: 'Gundersen', idents: [fhn], dateOfBirth: null, sex: null }),
    ];
    for (const message of parked) {
      expect((await h.post(message.fresh())).body).toMatchObject({ outcome: 'parked', appRecs: [{ status: 1 }] });
    }
    const dNumber = syntheticNationalId({ birthDate: '1950-05-05', individualNumber: 321, dNumber: true });
    const withDnr = await h.post(base.withPatient({ familyName: 'Gundersen', idents: [{ id: dNumber, type: 'DNR' }] }).fresh());
    expect(withDnr.body).toMatchObject({ outcome: 'recorded', events: ['AdmissionNotified'] });
    const { nationalId } = forNewPatient(EXAMPLES.innlagt);
    const both = await h.post(base.withPatient({ familyName: 'Gundersen', idents: [{ id: nationalId, type: 'FNR' }, fhn] }).fresh());
    expect(both.body).toMatchObject({ outcome: 'recorded', events: ['AdmissionNotified'] });
  });

  it('Case1_ukjent-mottaker: a known organisation, an unknown service: OK', async () => {
    const { message } = forNewPatient(EXAMPLES.innlagt);
    const answer = await h.post(message.withReceiver({ ...ALVDAL_ORG, unit: { herId: '777777', name: 'Ukjent tjeneste' } }));
    expect(answer.body).toMatchObject({ outcome: 'recorded', appRecs: [{ role: 'PRIM', receiverHerId: '777777', status: 1 }] });
  });

  it('not addressed to us: ignored, no AppRec', async () => {
    const answer = await h.post(TestMessage.official(EXAMPLES.innlagt).withReceiver({ herId: '91000', name: 'Et annet legesenter' }).fresh());
    expect(answer.body).toMatchObject({ outcome: 'ignored', appRecs: [] });
  });

  it('a MsgId that is not a UUID: Avvist E10, and its resend is a duplicate', async () => {
    const message = forNewPatient(EXAMPLES.innlagt).message.withMsgId(`MSG-${randomUUID().slice(0, 8)}`);
    const first = await h.post(message);
    expect(first.body).toMatchObject({ outcome: 'rejected', appRecs: [{ status: 2, errors: [{ code: 'E10' }] }] });
    expect((await h.post(message)).body).toMatchObject({ outcome: 'duplicate', appRecs: first.body.appRecs });
  });

  it('not well-formed (T01) and not schema-valid (T02) are rejected with an AppRec when the sender can be read', async () => {
    const truncated = await h.post(forNewPatient(EXAMPLES.innlagt).message.truncated());
    expect(truncated.body).toMatchObject({ outcome: 'rejected', appRecs: [{ status: 2, errors: [{ code: 'T01' }] }] });
    await h.appRec(truncated.body.appRecs[0]!.id);
    const invalid = await h.post(forNewPatient(EXAMPLES.innlagt).message.schemaInvalid());
    expect(invalid.body).toMatchObject({ outcome: 'rejected', appRecs: [{ status: 2, errors: [{ code: 'T02' }] }] });
    expect(ar('Error')(await h.appRec(invalid.body.appRecs[0]!.id))?.attrs.OT).toMatch(/Ukjent/);
  });

  it('Case5_motsatt-rekkefølge: a cancellation before its original waits, and the original then records nothing', async () => {
    const { message: original } = forNewPatient(EXAMPLES.innlagt);
    const cancellation = original.cancelling(original.msgId).fresh();
    const first = await h.post(cancellation);
    expect(first.body).toMatchObject({ outcome: 'parked', appRecs: [{ status: 1 }] });
    const second = await h.post(original);
    expect(second.body).toMatchObject({ outcome: 'recorded', events: [], appRecs: [{ status: 1 }] });
    expect(second.body.caseId).toBeUndefined();
    const parked = await h.officer.get<Record<string, unknown>>(`/intake/parked/${first.body.parkedId}`);
    expect(parked.body).toMatchObject({ state: 'resolved', reasonCode: 'original_not_received', resolution: { action: 'applied_on_arrival' } });
    const log = await h.gateway.get<Record<string, unknown>>(`/intake/messages/${cancellation.msgId}`);
    expect(log.body).toMatchObject({ outcome: 'parked', cancelsMsgId: original.msgId });
  });

  it('Case5_kansellering in order: the case the cancelled notice opened is closed, notice_cancelled, and stops counting', async () => {
    const { message: original } = forNewPatient(EXAMPLES.innlagt);
    const opened = await h.post(original);
    const cancelled = await h.post(original.cancelling(original.msgId).fresh());
    expect(cancelled.body).toMatchObject({ outcome: 'recorded', caseId: opened.body.caseId, events: ['NoticeCancelled', 'CaseWithdrawn'] });
    const read = await h.officer.get<Record<string, unknown>>(`/cases/${opened.body.caseId}`);
    expect(read.body).toMatchObject({ status: 'withdrawn', withdrawal: { reason: 'notice_cancelled' }, nextDeadline: null });
  });
});

describe('the message log, the receipts and the gateway', () => {
  it('GET /intake/messages/{msgId} says what was done, never the patient', async () => {
    const { message, nationalId } = forNewPatient(EXAMPLES.innlagt);
    const answer = await h.post(message);
    const log = await h.gateway.get<Record<string, unknown>>(`/intake/messages/${message.msgId}`);
    expect(log.body).toEqual({
      msgId: message.msgId,
      msgType: 'LOG_INNLAGT',
      senderHerId: '59',
      receivers: [{ herId: '5078', role: 'PRIM', municipalityCode: ALVDAL }],
      outcome: 'recorded',
      caseId: answer.body.caseId,
      events: ['AdmissionNotified'],
      appRecIds: [answer.body.appRecs[0]!.id],
      receivedAt: expect.any(String),
    });
    expect(JSON.stringify(log.body)).not.toContain(nationalId);
    expect(JSON.stringify(log.body)).not.toContain('Testesen');
    expect((await h.admin.get(`/intake/messages/${message.msgId}`)).status).toBe(200);
    expect((await h.gateway.get(`/intake/messages/${randomUUID()}`)).status).toBe(404);
  });

  it('a gateway posts and reads only for its own municipality; no other role posts', async () => {
    const trondheim = await h.client('message_gateway', '5001');
    const { message } = forNewPatient(EXAMPLES.innlagt);
    const refused = await h.post(message, { as: trondheim });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const everywhere = await h.client('message_gateway', '*');
    const answer = await h.post(message, { as: everywhere });
    expect(answer.body.outcome).toBe('recorded');
    expect((await trondheim.get(`/intake/messages/${message.msgId}`)).status).toBe(404);
    expect((await trondheim.get(`/intake/apprecs/${answer.body.appRecs[0]!.id}`)).status).toBe(404);
    expect((await h.post(message, { as: h.officer })).status).toBe(403);
    expect((await h.post(message, { as: await h.client('hospital_staff', '974749025') })).status).toBe(403);
  });

  it('takes XML only, up to 5 MiB; other bodies of the API stay JSON', async () => {
    const { message } = forNewPatient(EXAMPLES.innlagt);
    expect((await h.post(message, { contentType: 'application/json' })).status).toBe(415);
    expect((await h.post(message, { contentType: 'text/xml; charset=utf-8' })).body.outcome).toBe('recorded');
    const large = Buffer.concat([message.fresh().bytes(), Buffer.alloc(5 * 1024 * 1024, 0x20)]);
    const tooLarge = await h.post(large);
    expect(tooLarge.status).toBe(413);
    const padded = message.fresh().replacing('<MsgInfo>', `<MsgInfo>${' '.repeat(1024 * 1024)}`);
    expect((await h.post(padded)).body.outcome).toBe('recorded');
    expect((await h.officer.postBytes('/cases', Buffer.from('<a/>'), 'application/xml')).status).toBe(415);
  });

  it('reads ISO-8859-1 with CR line ends', async () => {
    const { message } = forNewPatient(EXAMPLES.utskrivningsklar);
    const answer = await h.post(message.withCrLineEnds().bytes('latin1'));
    expect(answer.body).toMatchObject({ outcome: 'recorded', events: ['AdmissionNotified', 'DischargeReadinessDeclared'] });
    const history = await h.officer.get<{ items: { data: Record<string, unknown> }[] }>(`/cases/${answer.body.caseId}/history`);
    expect(history.body.items[1]?.data).toMatchObject({ attestation: { clinician: { role: 'Primærkontakt' } } });
  });

  it('never answers 500 to what a gateway sends: entities, DTDs, truncations, garbage', async () => {
    const base = forNewPatient(EXAMPLES.innlagt).message;
    const laughs = `<?xml version="1.0"?><!DOCTYPE a [${Array.from({ length: 10 }, (_, i) => `<!ENTITY l${i} "${i === 0 ? 'lol'.repeat(10) : `&l${i - 1};`.repeat(10)}">`).join('')}]><a>&l9;</a>`;
    const bodies = [
      Buffer.from(laughs),
      base.replacing('<MsgHead ', '<!DOCTYPE MsgHead SYSTEM "http://127.0.0.1:9/x.dtd"><MsgHead ').bytes(),
      base.replacing('<MsgHead ', '<!DOCTYPE MsgHead [<!ENTITY x SYSTEM "file:///etc/passwd">]><MsgHead ').replacing('Gundersen', '&x;').bytes(),
      Buffer.from(`<MsgHead xmlns="${NS.msgHead}" a="${'x'.repeat(4 * 1024 * 1024)}"/>`),
      Buffer.from('\u0000\u0001\u0002'),
      Buffer.alloc(0),
      ...[0.1, 0.3, 0.5, 0.7, 0.9].map((share) => base.bytes().subarray(0, Math.floor(base.bytes().length * share))),
    ];
    for (const body of bodies) {
      const answer = await h.post(body);
      expect(answer.status).toBe(200);
      // Cuts of the same message share its MsgId: after the first rejection (T01) the rest are duplicates.
      expect(['ignored', 'rejected', 'duplicate']).toContain(answer.body.outcome);
      expect(JSON.stringify(answer.body)).not.toContain('root:');
    }
  });

  it('counts messages by type and outcome, and schema-validation time, in /metrics', async () => {
    const text = await (await fetch(`${h.running.baseUrl}/metrics`)).text();
    expect(text).toMatch(/overgang_intake_messages_total\{msg_type="LOG_INNLAGT",outcome="recorded"\} \d+/);
    expect(text).toMatch(/overgang_intake_messages_total\{msg_type="LOG_INNLAGT",outcome="duplicate"\} \d+/);
    expect(text).toMatch(/overgang_intake_messages_total\{msg_type="other",outcome="ignored"\} \d+/);
    expect(text).toMatch(/overgang_intake_schema_validation_seconds_count \d+/);
  });
});
