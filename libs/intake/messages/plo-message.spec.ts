import { EXAMPLES, officialExample, officialExampleNames } from '../testing/official-examples.js';
import { validateMessage } from '../validation/schema-validator.js';
import { readXml } from '../xml/read-xml.js';
import { identOf, readMsgHead, type MsgHead } from './msghead.js';
import { readPloMessage, type PloMessage } from './plo-message.js';

const read = (name: string): { head: MsgHead; message: PloMessage } => {
  const result = readXml(officialExample(name));
  if (!result.ok) throw new Error(result.detail);
  try {
    expect(validateMessage(result.document.native)).toEqual({ valid: true });
    const head = readMsgHead(result.document.root)!;
    return { head, message: readPloMessage(head)! };
  } finally {
    result.document.native.dispose();
  }
};

describe('reading the official PLO v1.6 example messages', () => {
  it.each(officialExampleNames())('%s is schema-valid, and its envelope and payload agree', (name) => {
    const { head, message } = read(name);
    expect(message.use).toBe(head.type);
    expect(head.msgId).toMatch(/^[0-9a-f-]{36}$/);
    expect(head.sender?.name).toBeDefined();
    expect(identOf(head.patient?.idents, 'FNR')).toMatch(/^\d{11}$/);
  });

  it('LOG_INNLAGT: the hospital, its department, the municipality and its service, the patient and the admission time', () => {
    const { head, message } = read(EXAMPLES.innlagt);
    expect(head).toMatchObject({
      type: 'LOG_INNLAGT',
      genDate: '2018-01-29T10:11:54',
      msgId: 'b088a160-0698-11e8-b566-0800200c9a66',
      refToParent: undefined,
      sender: { name: 'ST OLAVS HOSPITAL HF', idents: [{ id: '59', type: 'HER' }], unit: { name: 'Ortopedisk kirurgi', idents: [{ id: '90998', type: 'HER' }] } },
      receiver: { name: 'Alvdal Kommune', idents: [{ id: '99387', type: 'HER' }], unit: { name: 'Sykepleietjeneste', idents: [{ id: '5078', type: 'HER' }] } },
      otherReceivers: [],
      patient: { familyName: 'Gundersen', givenName: 'Roland', dateOfBirth: '1965-07-15', sex: '1', idents: [{ id: '15076500565', type: 'FNR' }] },
    });
    expect(message).toMatchObject({
      status: 'N',
      hasUncodedEvent: false,
      facts: { use: 'LOG_INNLAGT', admittedAt: { kind: 'instant', instant: '2018-01-29T09:00:00.000Z' } },
    });
  });

  it('LOG_INNLAGT cancellation: status C and the cancelled MsgId in ConversationRef', () => {
    const { head, message } = read(EXAMPLES.innlagtKansellering);
    expect(message.status).toBe('C');
    expect(head.refToParent).toBe('b088a160-0698-11e8-b566-0800200c9a66');
    expect(head.refToConversation).toBe('b088a160-0698-11e8-b566-0800200c9a66');
    expect(message.events[0]?.description).toBe('Kansellering: Meldingen ble sendt på feil pasient');
  });

  it('LOG_UTSKRIVNINGSKLAR: admission time, the readiness day as an estimate, and the responsible clinician (a nurse)', () => {
    const { message } = read(EXAMPLES.utskrivningsklar);
    expect(message.facts).toEqual({
      use: 'LOG_UTSKRIVNINGSKLAR',
      admittedAt: { kind: 'instant', instant: '2018-01-29T09:00:00.000Z' },
      readyOn: { kind: 'date', date: '2018-01-31' },
      estimate: true,
      clinician: { name: 'Gunn Omsorg', role: 'Primærkontakt', profession: 'Sykepleier', hprNumber: '9876543' },
    });
  });

  it('LOG_AVMELDING: the revocation day and its reason from Merknad', () => {
    const { message } = read(EXAMPLES.avmelding);
    expect(message.facts).toMatchObject({
      use: 'LOG_AVMELDING',
      admittedAt: { kind: 'instant', instant: '2018-01-29T09:00:00.000Z' },
      revokedOn: { kind: 'date', date: '2018-01-31' },
      text: 'På bakgrunn av endring i helsetilstand ansees pasienten ikke lenger å fylle vilkårene for å være utskrivningsklar.',
      clinician: { name: 'Gunn Omsorg' },
    });
  });

  it('LOG_UTSKREVET: discharged home alive on a date', () => {
    const { message } = read(EXAMPLES.utskrevet);
    expect(message.facts).toMatchObject({
      use: 'LOG_UTSKREVET',
      dischargedOn: { kind: 'date', date: '2018-02-01' },
      condition: '1',
      destination: '1',
      destinationText: 'Bosted/arbeidssted',
    });
  });

  it('LOG_DOD and its cancellation: the day of death, from a municipal service to a GP', () => {
    const { head, message } = read(EXAMPLES.dod);
    expect(message.facts).toMatchObject({ use: 'LOG_DOD', diedOn: { kind: 'date', date: '2018-02-20' } });
    expect(head.receiver?.professional).toEqual({ name: 'August September', idents: [{ id: '91100', type: 'HER' }] });
    const cancellation = read(EXAMPLES.dodKansellering);
    expect(cancellation.message.status).toBe('C');
    expect(cancellation.head.refToParent).toBe(head.msgId);
  });

  it('HELSEOPPL_SOKNAD type 1, the § 8 notice: status and expected course, the expected readiness day, the contact physician', () => {
    const { head, message } = read(EXAMPLES.varsel);
    expect(head.type).toBe('HELSEOPPL_SOKNAD');
    expect(message.status).toBe('N');
    expect(message.facts).toEqual({
      use: 'HELSEOPPL_SOKNAD',
      contentType: '1',
      admittedAt: undefined,
      expectedReadyOn: { kind: 'date', date: '2018-01-15' },
      patientStatus: 'Innlagt etter fall i trapp. Uavklart status ift. ev. brudd.',
      expectedCourse: 'Pasienten behandles for ev. brudd. Forventer behov for rehabilitering.',
      functionalAssessment: {},
      wantedServices: [],
      clinician: { name: 'Magnar Koman', role: 'Kontaktlege', profession: 'Lege', hprNumber: '9144889' },
    });
  });

  it('HELSEOPPL_SOKNAD type 2, updates (status M) referring to the message they update', () => {
    const first = read(EXAMPLES.endring1);
    expect(first.message.status).toBe('M');
    expect(first.head.refToParent).toBe('37fc6c80-fd20-11e7-8f1a-0800200c9a66');
    expect(first.message.facts).toMatchObject({
      contentType: '2',
      expectedReadyOn: { kind: 'date', date: '2018-01-18' },
      patientStatus: 'Innlagt etter fall i trapp. Brudd i lårhalsen.',
    });
    const second = read(EXAMPLES.endring2);
    expect(second.head.refToParent).toBe(first.head.msgId);
    expect(second.message.facts).toMatchObject({
      expectedReadyOn: { kind: 'date', date: '2018-01-25' },
      expectedCourse: 'Pasienten behandles for infeksjon. Behov for rehabilitering ved utskrivning.',
    });
  });
});
