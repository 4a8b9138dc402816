import { EXAMPLES } from '../testing/official-examples.js';
import { TestMessage } from '../testing/test-message.js';
import { directoryOf } from './directory.js';
import { patientIdentification, receive, type Reception } from './receive.js';

const ALVDAL = { herId: '99387', name: 'Alvdal Kommune' };
const directory = directoryOf(
  {
    '99387': { municipalityCode: '3428', name: 'Alvdal Kommune' },
    '5078': { municipalityCode: '3428', name: 'Alvdal Kommune, Sykepleietjeneste' },
  },
  { '59': { orgNumber: '974749025', name: 'St. Olavs hospital HF' } },
);
const settings = { rejectUnknownReceiver: false };
const readiness = () => TestMessage.official(EXAMPLES.utskrivningsklar);
const received = (message: TestMessage, options = settings, encoding: 'utf8' | 'latin1' = 'utf8'): Reception =>
  receive(message.bytes(encoding), directory, options);
const errorOf = (reception: Reception) => (reception.outcome === 'rejected' ? reception.error.code : undefined);

describe('receive: the receiving rules of HIS 80415 and HITS 1168', () => {
  it('accepts the official readiness notice for our sykepleietjeneste as primary receiver', () => {
    const reception = received(readiness());
    expect(reception).toMatchObject({
      outcome: 'accepted',
      sender: { id: '59' },
      receivers: [{ role: 'PRIM', herId: '5078', municipalityCode: '3428' }],
      message: { use: 'LOG_UTSKRIVNINGSKLAR' },
    });
  });

  it('reads ISO-8859-1 and CR line ends as well', () => {
    expect(received(readiness().withCrLineEnds(), settings, 'latin1')).toMatchObject({
      outcome: 'accepted',
      message: { facts: { clinician: { role: 'Primærkontakt' } } },
    });
  });

  it('answers a primary and a copy receiver of ours each, once per receiver', () => {
    const reception = received(readiness().withCopyReceiver({ ...ALVDAL }));
    expect(reception.outcome === 'accepted' && reception.receivers.map(({ role, herId }) => [role, herId])).toEqual([
      ['PRIM', '5078'],
      ['COP', '99387'],
    ]);
  });

  it('answers as copy receiver when only a copy is ours', () => {
    const reception = received(readiness().withReceiver({ herId: '91096', name: 'Kattskinnet legesenter' }).withCopyReceiver(ALVDAL));
    expect(reception).toMatchObject({ outcome: 'accepted', receivers: [{ role: 'COP', herId: '99387' }] });
  });

  it('ignores a message none of whose receivers is ours, and one whose sender cannot be identified', () => {
    expect(received(readiness().withReceiver({ herId: '91096', name: 'Kattskinnet legesenter' }))).toMatchObject({
      outcome: 'ignored',
      reason: 'not_ours',
    });
    expect(received(readiness().withSenderEmptied())).toMatchObject({ outcome: 'ignored', reason: 'sender_unknown' });
    expect(received(readiness().withoutSender())).toMatchObject({ outcome: 'ignored', reason: 'sender_unknown' });
  });

  it('rejects a MsgId that is not a UUID (E10), but takes any UUID version', () => {
    expect(errorOf(received(readiness().withMsgId('MSG-2018-0001')))).toBe('E10');
    expect(received(readiness().withMsgId('0e1f7c4a-5b6d-4e8f-9a0b-1c2d3e4f5a6b')).outcome).toBe('accepted');
  });

  it('rejects a patient not identified (E36): no patient, name only', () => {
    expect(errorOf(received(readiness().withoutPatient()))).toBe('E36');
    expect(errorOf(received(readiness().withPatient({ familyName: 'Gundersen', givenName: 'Roland', dateOfBirth: null, sex: null })))).toBe('E36');
  });

  it('accepts name + FHN, name + DNR, name + birth date and sex', () => {
    const fhn = { id: '80000012345', type: 'FHN' } as const;
    expect(received(readiness().withPatient({ familyName: 'Gundersen', idents: [fhn], dateOfBirth: null, sex: null })).outcome).toBe('accepted');
    expect(received(readiness().withPatient({ familyName: 'Gundersen', idents: [{ id: '55076500565', type: 'DNR' }] })).outcome).toBe('accepted');
    expect(received(readiness().withPatient({ givenName: 'Roland' })).outcome).toBe('accepted');
    expect(patientIdentification({ familyName: undefined, middleName: undefined, givenName: undefined, dateOfBirth: undefined, sex: undefined, idents: [fhn] })).toMatch(/name/);
  });

  it('rejects an unknown service of a known organisation (E21) only when configured to', () => {
    const unknown = readiness().withReceiver({ ...ALVDAL, unit: { herId: '8888', name: 'Ukjent tjeneste' } });
    expect(received(unknown)).toMatchObject({ outcome: 'accepted', receivers: [{ herId: '8888', municipalityCode: '3428' }] });
    expect(errorOf(received(unknown, { rejectUnknownReceiver: true }))).toBe('E21');
    const withKnownCopy = unknown.withCopyReceiver(ALVDAL);
    expect(received(withKnownCopy, { rejectUnknownReceiver: true })).toMatchObject({
      outcome: 'accepted',
      receivers: [{ role: 'PRIM', refusal: { code: 'E21' } }, { role: 'COP', herId: '99387' }],
    });
  });

  it('rejects what is not well-formed (T01) or not schema-valid (T02) when the sender can still be read', () => {
    expect(received(readiness().truncated())).toMatchObject({ outcome: 'rejected', error: { code: 'T01' }, sender: { id: '59' } });
    expect(received(readiness().schemaInvalid())).toMatchObject({ outcome: 'rejected', error: { code: 'T02' } });
    expect(received(readiness().replacing('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-16"?>'))).toMatchObject({
      error: { code: 'T10' },
    });
    expect(receive(Buffer.from('not xml at all'), directory, settings)).toMatchObject({ outcome: 'ignored', reason: 'sender_unknown' });
  });

  it('refuses a document type declaration before reading anything: no entity is expanded or fetched', () => {
    const xxe = readiness().replacing(
      '<MsgHead ',
      '<!DOCTYPE MsgHead [<!ENTITY x SYSTEM "file:///etc/passwd">]><MsgHead ',
    );
    expect(received(xxe)).toMatchObject({ outcome: 'ignored', reason: 'sender_unknown' });
  });

  it('rejects a message type it does not receive (T10)', () => {
    const dialogue = readiness().replacing(/<Type V="LOG_UTSKRIVNINGSKLAR"[^>]*\/>/, '<Type V="DIALOG_NOTAT" DN="Notat"/>');
    expect(errorOf(received(dialogue))).toBe('T10');
  });

  it('tells how long schema validation took', () => {
    const seconds: number[] = [];
    receive(readiness().bytes(), directory, settings, (taken) => seconds.push(taken));
    expect(seconds).toHaveLength(1);
    expect(seconds[0]).toBeGreaterThan(0);
  });
});
