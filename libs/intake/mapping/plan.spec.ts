import { decide } from '#libs/domain/transfer-case/decide.js';
import type { TransferCaseCommand } from '#libs/domain/transfer-case/commands.js';
import { evolve, initialState, type TransferCaseState } from '#libs/domain/transfer-case/state.js';
import { readMsgHead } from '../messages/msghead.js';
import { readPloMessage, type PloMessage } from '../messages/plo-message.js';
import { EXAMPLES } from '../testing/official-examples.js';
import { TestMessage } from '../testing/test-message.js';
import { validateMessage } from '../validation/schema-validator.js';
import { readXml } from '../xml/read-xml.js';
import type { MessageContext } from './message-context.js';
import { chooseCase, planFacts, type CaseAtHand } from './plan.js';

const messageOf = (message: TestMessage): PloMessage => {
  const read = readXml(message.bytes());
  if (!read.ok) throw new Error(read.detail);
  try {
    expect(validateMessage(read.document.native)).toEqual({ valid: true });
    return readPloMessage(readMsgHead(read.document.root)!)!;
  } finally {
    read.document.native.dispose();
  }
};

const CASE_ID = '7d0c3c4e-2f5b-4a6d-8e9f-0a1b2c3d4e5f';
const NEW_CASE_ID = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';
const context = (sentAt: string): MessageContext => ({
  msgId: '79c55ed0-0692-11e8-b566-0800200c9a66',
  sentAt,
  municipalityCode: '3428',
  hospital: { orgNumber: '974749025', name: 'ST OLAVS HOSPITAL HF', department: 'Ortopedisk kirurgi' },
  patient: { nationalId: '15076500565', name: 'Roland Gundersen' },
  actor: { id: '59', role: 'hospital_system', organisation: '974749025' },
});
const CONTEXT = { now: new Date('2018-03-01T12:00:00Z'), allowSyntheticIds: true };

/** A case folded from the commands, each decided by the domain (so the fixtures obey its rules). */
const caseOf = (...commands: TransferCaseCommand[]): CaseAtHand => {
  let state: TransferCaseState = initialState;
  for (const command of commands) {
    const result = decide(command, state, CONTEXT);
    if (!result.ok) throw new Error(result.error.message);
    state = result.events.reduce(evolve, state);
  }
  return { caseId: CASE_ID, state };
};

const admitted = (admittedAt = '2018-01-29T09:00:00.000Z'): TransferCaseCommand => ({
  type: 'NotifyAdmission',
  caseId: CASE_ID,
  occurredAt: admittedAt,
  patient: { nationalId: '15076500565', name: 'Roland Gundersen' },
  hospital: { orgNumber: '974749025', name: 'ST OLAVS HOSPITAL HF', department: 'Ortopedisk kirurgi' },
  municipalityCode: '3428',
  admittedAt,
  expectedNeeds: '',
});

describe('chooseCase', () => {
  const readiness = messageOf(TestMessage.official(EXAMPLES.utskrivningsklar));

  it('finds no case when the patient has no open case', () => {
    expect(chooseCase(readiness, [])).toEqual({ kind: 'none' });
    const closed = caseOf(admitted(), { type: 'WithdrawCase', caseId: CASE_ID, occurredAt: '2018-01-30T09:00:00Z', reason: 'died' });
    expect(chooseCase(readiness, [closed])).toEqual({ kind: 'none' });
  });

  it('pins the stay by the admission time the readiness notice repeats', () => {
    expect(chooseCase(readiness, [caseOf(admitted())])).toMatchObject({ kind: 'case', target: { caseId: CASE_ID } });
    expect(chooseCase(readiness, [caseOf(admitted('2018-01-20T09:00:00.000Z'))])).toMatchObject({ kind: 'park', parking: { code: 'stay_mismatch' } });
  });

  it('takes a death notice only when exactly one case of the patient is open', () => {
    const death = messageOf(TestMessage.official(EXAMPLES.dod));
    const open = caseOf(admitted());
    expect(chooseCase(death, [open])).toMatchObject({ kind: 'case' });
    expect(chooseCase(death, [open, { ...open, caseId: NEW_CASE_ID }])).toMatchObject({ kind: 'park', parking: { code: 'ambiguous_case' } });
  });
});

describe('planFacts: the mapping table of intake.md', () => {
  it('LOG_INNLAGT opens a case with no health information, or records nothing when the stay has one', () => {
    const message = messageOf(TestMessage.official(EXAMPLES.innlagt));
    expect(planFacts(message, context('2018-01-29T09:11:54.000Z'), undefined, NEW_CASE_ID)).toEqual({
      kind: 'commands',
      caseId: NEW_CASE_ID,
      commands: [expect.objectContaining({ type: 'NotifyAdmission', caseId: NEW_CASE_ID, admittedAt: '2018-01-29T09:00:00.000Z', expectedNeeds: '', occurredAt: '2018-01-29T09:11:54.000Z' })],
    });
    expect(planFacts(message, context('2018-01-29T09:11:54.000Z'), caseOf(admitted()), NEW_CASE_ID)).toEqual({ kind: 'nothing', caseId: CASE_ID });
  });

  it('LOG_UTSKRIVNINGSKLAR declares readiness attested by the message, on the day sent (the send time that day)', () => {
    const message = messageOf(TestMessage.official(EXAMPLES.utskrivningsklar));
    const plan = planFacts(message, context('2018-01-31T09:20:11.000Z'), caseOf(admitted()), NEW_CASE_ID);
    expect(plan).toEqual({
      kind: 'commands',
      caseId: CASE_ID,
      commands: [
        expect.objectContaining({
          type: 'DeclareDischargeReadiness',
          occurredAt: '2018-01-31T09:20:11.000Z',
          declaredAt: '2018-01-31T09:20:11.000Z',
          attestation: { source: 'plo', msgId: '79c55ed0-0692-11e8-b566-0800200c9a66', clinician: expect.objectContaining({ name: 'Gunn Omsorg' }) },
        }),
      ],
    });
  });

  it('LOG_UTSKRIVNINGSKLAR for a readiness day before the send day stands at 12:00 that day, so the § 10 notice is late', () => {
    const message = messageOf(TestMessage.official(EXAMPLES.utskrivningsklar).withEventTime('3', '2018-01-30'));
    const plan = planFacts(message, context('2018-01-31T09:20:11.000Z'), caseOf(admitted()), NEW_CASE_ID);
    expect(plan).toMatchObject({ commands: [{ declaredAt: '2018-01-30T11:00:00.000Z' }] });
  });

  it('LOG_UTSKRIVNINGSKLAR with no open case opens one first', () => {
    const message = messageOf(TestMessage.official(EXAMPLES.utskrivningsklar));
    const plan = planFacts(message, context('2018-01-31T09:20:11.000Z'), undefined, NEW_CASE_ID);
    expect(plan.kind === 'commands' && plan.commands.map((command) => command.type)).toEqual(['NotifyAdmission', 'DeclareDischargeReadiness']);
  });

  it('LOG_AVMELDING revokes with reason other and the remark as text; with no case it is parked', () => {
    const message = messageOf(TestMessage.official(EXAMPLES.avmelding));
    expect(planFacts(message, context('2018-01-31T16:12:31.000Z'), caseOf(admitted()), NEW_CASE_ID)).toMatchObject({
      commands: [{ type: 'RevokeDischargeReadiness', reason: 'other', revokedAt: '2018-01-31T16:12:31.000Z', text: expect.stringContaining('endring i helsetilstand') }],
    });
    expect(planFacts(message, context('2018-01-31T16:12:31.000Z'), undefined, NEW_CASE_ID)).toMatchObject({ kind: 'park', parking: { code: 'no_open_case' } });
  });

  it('LOG_UTSKREVET home transfers under the latest decision; without a decision, or elsewhere, it is parked', () => {
    const message = messageOf(TestMessage.official(EXAMPLES.utskrevet));
    const decided = caseOf(admitted(), {
      type: 'DecideAllocation',
      caseId: CASE_ID,
      occurredAt: '2018-01-31T10:00:00Z',
      decisionId: 'd1',
      serviceType: 'home_care',
      startDate: '2018-02-01',
      decidedBy: { role: 'municipal_caseworker' },
      rationale: 'Hjemmesykepleie',
    });
    expect(planFacts(message, context('2018-02-01T10:20:13.000Z'), decided, NEW_CASE_ID)).toMatchObject({
      commands: [{ type: 'TransferPatient', decisionId: 'd1', transferredAt: '2018-02-01T10:20:13.000Z' }],
    });
    expect(planFacts(message, context('2018-02-01T10:20:13.000Z'), caseOf(admitted()), NEW_CASE_ID)).toMatchObject({ parking: { code: 'no_decision' } });
    const elsewhere = messageOf(TestMessage.official(EXAMPLES.utskrevet).replacing(/<UtTil V="1"[^>]*\/>/, '<UtTil V="3" DN="Annen helseinstitusjon"/>'));
    expect(planFacts(elsewhere, context('2018-02-01T10:20:13.000Z'), decided, NEW_CASE_ID)).toMatchObject({ parking: { code: 'destination_not_municipal' } });
  });

  it('LOG_UTSKREVET with Uttilstand 2 is a death in hospital: the case is withdrawn, died', () => {
    const message = messageOf(TestMessage.official(EXAMPLES.utskrevet).replacing(/<Uttilstand V="1"[^>]*\/>/, '<Uttilstand V="2" DN="Som død" S="2.16.578.1.12.4.1.1.8431"/>'));
    expect(planFacts(message, context('2018-02-01T10:20:13.000Z'), caseOf(admitted()), NEW_CASE_ID)).toMatchObject({
      commands: [{ type: 'WithdrawCase', reason: 'died', diedAt: '2018-02-01', occurredAt: '2018-02-01T10:20:13.000Z' }],
    });
  });

  it('LOG_DOD withdraws the case, died, with the date of death', () => {
    const message = messageOf(TestMessage.official(EXAMPLES.dod));
    expect(planFacts(message, context('2018-02-20T16:30:45.000Z'), caseOf(admitted()), NEW_CASE_ID)).toMatchObject({
      commands: [{ type: 'WithdrawCase', reason: 'died', diedAt: '2018-02-20' }],
    });
  });

  it('HELSEOPPL_SOKNAD opens a case with status and course as expected needs, else gives the information to the open case', () => {
    const functional =
      '<InfoKartleggingFunksjonsniva><KartlagtFunksjon><Funksjonsvariabel V="14" DN="Personlig hygiene"/><Vurdering>3</Vurdering></KartlagtFunksjon>' +
      '<KartlagtFunksjon><Funksjonsvariabel V="15" DN="Av- og påkledning"/><Vurdering>9</Vurdering></KartlagtFunksjon></InfoKartleggingFunksjonsniva>' +
      '<TjenesteBehov><IPLOStjenestetype V="17" DN="Korttidsopphold"/><BeskrivelseAvTjeneste>Rehabilitering etter brudd</BeskrivelseAvTjeneste></TjenesteBehov>';
    const message = messageOf(TestMessage.official(EXAMPLES.varsel).replacing('</MedisinskfagligeOpplysninger>', `</MedisinskfagligeOpplysninger>${functional}`));
    const information = {
      expectedNeeds:
        'Pasientens status: Innlagt etter fall i trapp. Uavklart status ift. ev. brudd.\nAntatt forløp: Pasienten behandles for ev. brudd. Forventer behov for rehabilitering.',
      expectedReadyDate: '2018-01-15',
      functionalAssessment: { '14': 3 },
      wantedServices: [{ code: '17', name: 'Korttidsopphold', description: 'Rehabilitering etter brudd' }],
    };
    expect(planFacts(message, context('2018-01-10T09:32:43.000Z'), undefined, NEW_CASE_ID)).toMatchObject({
      commands: [{ type: 'NotifyAdmission', admittedAt: '2018-01-10T09:32:43.000Z', ...information }],
    });
    expect(planFacts(message, context('2018-01-10T09:32:43.000Z'), caseOf(admitted()), NEW_CASE_ID)).toEqual({
      kind: 'commands',
      caseId: CASE_ID,
      commands: [{ type: 'GiveHealthInformation', caseId: CASE_ID, occurredAt: '2018-01-10T09:32:43.000Z', ...information }],
    });
  });

  it('parks a message whose event carries no time for what it reports', () => {
    const message = messageOf(TestMessage.official(EXAMPLES.utskrivningsklar).replacing(/<Hendelsekode V="3"[^>]*\/>/, '<Hendelsekode V="5" DN="Forventet utskrivningsklar dato"/>'));
    expect(planFacts(message, context('2018-01-31T09:20:11.000Z'), caseOf(admitted()), NEW_CASE_ID)).toMatchObject({ parking: { code: 'event_missing' } });
  });
});
