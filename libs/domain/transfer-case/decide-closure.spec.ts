import type { TransferCaseCommand } from './commands.js';
import { decide } from './decide.js';
import { CONTEXT, at, cmd, ev, fold, given, histories } from './spec-helpers.js';

/** Every command but the admission, valid on a decided case were it open. */
const everyCommandOnACase = (): TransferCaseCommand[] => [
  cmd.giveHospitalRecommendation({ occurredAt: at(46) }),
  cmd.relayUserWish({ occurredAt: at(46) }),
  cmd.declareDischargeReadiness({ occurredAt: at(46) }),
  cmd.revokeDischargeReadiness({ occurredAt: at(46) }),
  cmd.giveMunicipalResponse({ occurredAt: at(46) }),
  cmd.scheduleMunicipalVisit({ occurredAt: at(46), visitId: 'v2' }),
  cmd.recordMunicipalVisit({ occurredAt: at(46), visitId: 'v2' }),
  cmd.presentOptions({ occurredAt: at(46), presentationId: 'p2' }),
  cmd.recordUserChoice({ occurredAt: at(46) }),
  cmd.recordDeclinedDialogue({ occurredAt: at(46) }),
  cmd.decideAllocation({ occurredAt: at(46), decisionId: 'd2' }),
  cmd.appealDecision({ occurredAt: at(46) }),
  cmd.transferPatient({ occurredAt: at(46) }),
  cmd.withdrawCase({ occurredAt: at(46) }),
  cmd.recordDeadlineMiss({ occurredAt: at(46), deadlineId: 'expected_ready:1' }),
];

describe('TransferPatient', () => {
  it('transfers the patient under a decision', () => {
    given(histories.decided)
      .when(cmd.transferPatient())
      .thenEmits([{ type: 'PatientTransferred', data: { transferredAt: at(45), decisionId: 'd1' } }]);
  });

  it('transfers under an appealed decision: an appeal does not stay it', () => {
    given([...histories.decided, ev.appealed()]).when(cmd.transferPatient()).thenEmits([ev.transferred()]);
  });

  it('needs a decision', () => {
    given(histories.chosen).when(cmd.transferPatient()).thenRefuses('transfer-requires-decision');
  });

  it('names a decision of this case', () => {
    given(histories.decided).when(cmd.transferPatient({ decisionId: 'd2' })).thenRefuses('unknown-decision');
  });

  it('cannot precede the decision', () => {
    given(histories.decided).when(cmd.transferPatient({ occurredAt: at(29) })).thenRefuses('transfer-before-decision');
  });
});

describe('WithdrawCase', () => {
  it.each([
    ['notified', histories.admitted],
    ['awaiting a decision', histories.ready],
    ['decided', histories.decided],
  ])('withdraws a case %s', (_, history) => {
    given(history)
      .when(cmd.withdrawCase({ occurredAt: at(46) }))
      .thenEmits([{ type: 'CaseWithdrawn', data: { reason: 'no_longer_needs_services' } }]);
  });

  it('needs details for reason other', () => {
    given(histories.ready).when(cmd.withdrawCase({ reason: 'other' })).thenRefuses('withdrawal-details-required');
    given(histories.ready).when(cmd.withdrawCase({ reason: 'other', details: '' })).thenRefuses('withdrawal-details-required');
  });

  it('records the details', () => {
    given(histories.ready)
      .when(cmd.withdrawCase({ reason: 'other', details: 'Moved in with her son in Sweden' }))
      .thenEmits([{ type: 'CaseWithdrawn', data: { reason: 'other', details: 'Moved in with her son in Sweden' } }]);
  });
});

describe('RecordFollowUp', () => {
  it('records a follow-up after the transfer', () => {
    given(histories.transferred)
      .when(cmd.recordFollowUp({ notes: 'Managing well' }))
      .thenEmits([{ type: 'FollowUpRecorded', data: { reviewedAt: at(50), outcome: 'service_fits', notes: 'Managing well' } }]);
  });

  it('records more than one follow-up', () => {
    given([...histories.transferred, ev.followedUp()])
      .when(cmd.recordFollowUp({ occurredAt: at(51), outcome: 'readmitted' }))
      .thenEmits([{ type: 'FollowUpRecorded', data: { reviewedAt: at(51), outcome: 'readmitted' } }]);
  });

  it.each([
    ['notified', histories.admitted],
    ['decided', histories.decided],
  ])('needs a transfer: refused on a case %s', (_, history) => {
    given(history).when(cmd.recordFollowUp()).thenRefuses('follow-up-requires-transfer');
  });

  it('is refused on a withdrawn case', () => {
    given(histories.withdrawn).when(cmd.recordFollowUp()).thenRefuses('case-closed');
  });

  it('cannot precede the transfer', () => {
    given(histories.transferred).when(cmd.recordFollowUp({ occurredAt: at(44) })).thenRefuses('follow-up-before-transfer');
  });
});

describe('a closed case', () => {
  it.each(
    everyCommandOnACase()
      .filter((command) => command.type !== 'AppealDecision')
      .map((command) => [command.type, command] as const),
  )('refuses %s after a transfer', (_, command) => {
    given(histories.transferred).when(command).thenRefuses('case-closed');
  });

  it('records an appeal after the transfer: the four weeks to appeal normally run past discharge', () => {
    given(histories.transferred)
      .when(cmd.appealDecision({ occurredAt: at(47) }))
      .thenEmits([{ type: 'DecisionAppealed', data: { decisionId: 'd1', appealedAt: at(47), grounds: 'Four weeks is too short' } }]);
  });

  it('records an appeal after the transfer however late: lateness is reported, not refused', () => {
    const history = histories.transferred;
    const weeksLater = new Date(Date.parse(at(30)) + 60 * 24 * 3_600_000).toISOString();
    given(history, { ...CONTEXT, now: new Date(weeksLater) })
      .when(cmd.appealDecision({ occurredAt: weeksLater }))
      .thenEmits([{ type: 'DecisionAppealed', data: { decisionId: 'd1', appealedAt: weeksLater, grounds: 'Four weeks is too short' } }]);
  });

  it('still refuses a second appeal of the same decision after the transfer', () => {
    given([...histories.transferred, ev.appealed()]).when(cmd.appealDecision({ occurredAt: at(47) })).thenRefuses('decision-already-appealed');
  });

  it.each([...everyCommandOnACase(), cmd.recordFollowUp()].map((command) => [command.type, command] as const))(
    'refuses %s after a withdrawal',
    (_, command) => {
      given(histories.withdrawn).when(command).thenRefuses('case-closed');
    },
  );

  it.each(
    everyCommandOnACase()
      .filter((command) => command.type !== 'DeclareDischargeReadiness')
      .map((command) => [command.type, command] as const),
  )('would take %s were the case open', (_, command) => {
    expect(decide(command, fold(histories.decided), CONTEXT)).toMatchObject({ ok: true });
  });
});
