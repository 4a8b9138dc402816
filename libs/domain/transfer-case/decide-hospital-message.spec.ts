import { CONTEXT, at, cmd, ev, given, histories } from './spec-helpers.js';
import { decide } from './decide.js';
import { fold } from './spec-helpers.js';

describe('health information from the hospital', () => {
  it('is recorded on an open case', () => {
    given(histories.admitted)
      .when(cmd.giveHealthInformation({ wantedServices: [{ code: '17', name: 'Korttidsopphold' }], functionalAssessment: { '4': 3 } }))
      .thenEmits([ev.healthInformationGiven({ wantedServices: [{ code: '17', name: 'Korttidsopphold' }], functionalAssessment: { '4': 3 } })]);
  });

  it('refuses a functional score outside 1–5, and a closed case', () => {
    given(histories.admitted).when(cmd.giveHealthInformation({ functionalAssessment: { '4': 9 } })).thenRefuses('functional-score-out-of-range');
    given([...histories.admitted, ev.withdrawn()]).when(cmd.giveHealthInformation()).thenRefuses('case-closed');
  });
});

describe('a cancelled hospital message', () => {
  it('records which events stop counting', () => {
    given(histories.ready).when(cmd.cancelNotice()).thenEmits([ev.noticeCancelled()]);
  });

  it('withdraws the case when the cancelled message opened it', () => {
    const cancelledEvents = [
      { revision: 0, type: 'AdmissionNotified' },
      { revision: 1, type: 'DischargeReadinessDeclared' },
    ];
    given(histories.ready)
      .when(cmd.cancelNotice({ cancelledEvents }))
      .thenEmits([ev.noticeCancelled({ cancelledEvents }), { type: 'CaseWithdrawn', data: { reason: 'notice_cancelled' } }]);
  });

  it('is recorded on a closed case, whose closing may be what it cancels, and does not close it twice', () => {
    const died = { type: 'CaseWithdrawn', data: { reason: 'died', diedAt: '2026-03-02' } } as const;
    const cancelledEvents = [{ revision: 2, type: 'CaseWithdrawn' }];
    given([...histories.ready, died]).when(cmd.cancelNotice({ cancelledEvents })).thenEmits([ev.noticeCancelled({ cancelledEvents })]);
    const opened = [{ revision: 0, type: 'AdmissionNotified' }];
    given([...histories.ready, died]).when(cmd.cancelNotice({ cancelledEvents: opened })).thenEmits([
      ev.noticeCancelled({ cancelledEvents: opened }),
    ]);
  });

  it('is refused when the message recorded nothing on the case', () => {
    given(histories.ready).when(cmd.cancelNotice({ cancelledEvents: [] })).thenRefuses('nothing-to-cancel');
  });
});

describe('the v2 fields of the hospital facts', () => {
  it('a readiness declaration may carry the attestation of a PLO message', () => {
    const attestation = { source: 'plo', msgId: '79c55ed0-0692-11e8-b566-0800200c9a66', clinician: { name: 'Gunn Omsorg', role: 'Primærkontakt' } } as const;
    const result = decide(cmd.declareDischargeReadiness({ attestation }), fold(histories.admitted), CONTEXT);
    expect(result).toMatchObject({ ok: true, events: [{ type: 'DischargeReadinessDeclared', data: { attestation } }] });
  });

  it('a revocation may give reason other with a text', () => {
    given(histories.ready)
      .when(cmd.revokeDischargeReadiness({ reason: 'other', text: 'Endring i helsetilstand' }))
      .thenEmits([{ type: 'DischargeReadinessRevoked', data: { revokedAt: at(26), reason: 'other', text: 'Endring i helsetilstand' } }]);
  });

  it('a withdrawal for death may give the date of death, and only for death', () => {
    given(histories.ready)
      .when(cmd.withdrawCase({ reason: 'died', diedAt: '2026-03-02' }))
      .thenEmits([{ type: 'CaseWithdrawn', data: { reason: 'died', diedAt: '2026-03-02' } }]);
    given(histories.ready).when(cmd.withdrawCase({ reason: 'moved_municipality', diedAt: '2026-03-02' })).thenRefuses('died-at-requires-death');
  });
});
