import { at, cmd, ev, given, histories } from './spec-helpers.js';

describe('DecideAllocation', () => {
  it('decides the service the user chose', () => {
    given(histories.chosen)
      .when(cmd.decideAllocation())
      .thenEmits([
        {
          type: 'AllocationDecided',
          data: {
            decisionId: 'd1',
            serviceType: 'short_term_stay',
            startDate: '2026-03-04',
            decidedAt: at(30),
            decidedBy: { role: 'municipal_caseworker' },
            rationale: 'As chosen in the meeting',
          },
        },
      ]);
  });

  it('decides without a deviation reason when no choice is recorded', () => {
    given(histories.ready)
      .when(cmd.decideAllocation({ serviceType: 'home_care' }))
      .thenEmits([ev.decided({ serviceType: 'home_care' })]);
  });

  it('decides before readiness is declared', () => {
    given(histories.admitted).when(cmd.decideAllocation({ occurredAt: at(10) })).thenEmits([ev.decided({ decidedAt: at(10) })]);
  });

  it('records a user-directed decision', () => {
    given(histories.chosen)
      .when(cmd.decideAllocation({ decidedBy: { role: 'user' } }))
      .thenEmits([ev.decided({ decidedBy: { role: 'user' } })]);
  });

  it('records whether the user was told of the right to appeal, and nothing when it is not said', () => {
    given(histories.chosen)
      .when(cmd.decideAllocation({ appealInformationGiven: true }))
      .thenEmits([ev.decided({ appealInformationGiven: true })]);
    given(histories.chosen)
      .when(cmd.decideAllocation({ appealInformationGiven: false }))
      .thenEmits([ev.decided({ appealInformationGiven: false })]);
  });

  describe('deviating from the deciding choice', () => {
    it('needs a deviation reason', () => {
      given(histories.chosen).when(cmd.decideAllocation({ serviceType: 'home_care' })).thenRefuses('deviation-reason-required');
    });

    it('needs a deviation reason with a text', () => {
      given(histories.chosen)
        .when(cmd.decideAllocation({ serviceType: 'home_care', deviationReason: { category: 'capacity', text: '  ' } }))
        .thenRefuses('deviation-reason-required');
    });

    it('records the deviation reason', () => {
      const deviationReason = { category: 'capacity' as const, text: 'No short-term bed before April' };
      given(histories.chosen)
        .when(cmd.decideAllocation({ serviceType: 'home_care', deviationReason }))
        .thenEmits([ev.decided({ serviceType: 'home_care', deviationReason })]);
    });

    it("compares with the user's latest choice only", () => {
      const changedMind = [...histories.chosen, ev.choiceRecorded({ optionId: 'o1' })];
      given(changedMind).when(cmd.decideAllocation({ serviceType: 'home_care' })).thenEmits([ev.decided({ serviceType: 'home_care' })]);
      given(changedMind).when(cmd.decideAllocation()).thenRefuses('deviation-reason-required');
    });

    it("is measured against the user's choice, never a relative's later statement", () => {
      const relativeSaid = [...histories.chosen, ev.choiceRecorded({ optionId: 'o1', statedBy: 'relative' })];
      given(relativeSaid).when(cmd.decideAllocation()).thenEmits([ev.decided()]);
      given(relativeSaid).when(cmd.decideAllocation({ serviceType: 'home_care' })).thenRefuses('deviation-reason-required');
    });

    it("is measured against the guardian's choice when the user stated none, whatever a relative said later", () => {
      const guardianChose = [...histories.presented, ev.choiceRecorded({ statedBy: 'guardian' }), ev.choiceRecorded({ optionId: 'o1', statedBy: 'advocate' })];
      given(guardianChose).when(cmd.decideAllocation()).thenEmits([ev.decided()]);
      given(guardianChose).when(cmd.decideAllocation({ serviceType: 'home_care' })).thenRefuses('deviation-reason-required');
    });

    it("the user's own choice outranks the guardian's, even an earlier one", () => {
      const both = [...histories.presented, ev.choiceRecorded({ optionId: 'o1', statedBy: 'user' }), ev.choiceRecorded({ statedBy: 'guardian' })];
      given(both).when(cmd.decideAllocation({ serviceType: 'home_care' })).thenEmits([ev.decided({ serviceType: 'home_care' })]);
    });

    it("with only proxies' statements, the latest of a relative or an advocate decides", () => {
      const proxies = [...histories.presented, ev.choiceRecorded({ optionId: 'o1', statedBy: 'relative' }), ev.choiceRecorded({ statedBy: 'advocate' })];
      given(proxies).when(cmd.decideAllocation()).thenEmits([ev.decided()]);
      given(proxies).when(cmd.decideAllocation({ serviceType: 'home_care' })).thenRefuses('deviation-reason-required');
    });

    it('still needs one for a later decision', () => {
      given([...histories.decided, ev.appealed()])
        .when(cmd.decideAllocation({ occurredAt: at(44), decisionId: 'd2', serviceType: 'long_term_stay' }))
        .thenRefuses('deviation-reason-required');
    });
  });

  it('takes a new decision after an appeal', () => {
    given([...histories.decided, ev.appealed()])
      .when(cmd.decideAllocation({ occurredAt: at(44), decisionId: 'd2' }))
      .thenEmits([ev.decided({ decisionId: 'd2', decidedAt: at(44) })]);
  });

  it('refuses a decisionId already recorded', () => {
    given(histories.decided).when(cmd.decideAllocation({ occurredAt: at(31) })).thenRefuses('duplicate-decision-id');
  });

  describe('service type other', () => {
    it('needs a description', () => {
      given(histories.ready).when(cmd.decideAllocation({ serviceType: 'other' })).thenRefuses('service-description-required');
      given(histories.ready)
        .when(cmd.decideAllocation({ serviceType: 'other', serviceDescription: ' ' }))
        .thenRefuses('service-description-required');
    });

    it('records the description', () => {
      given(histories.ready)
        .when(cmd.decideAllocation({ serviceType: 'other', serviceDescription: 'Day centre three days a week' }))
        .thenEmits([ev.decided({ serviceType: 'other', serviceDescription: 'Day centre three days a week' })]);
    });
  });

  it('needs startDate to be a date', () => {
    given(histories.chosen).when(cmd.decideAllocation({ startDate: '4 March' })).thenRefuses('invalid-date');
  });
});

describe('AppealDecision', () => {
  it('records the appeal', () => {
    given(histories.decided)
      .when(cmd.appealDecision())
      .thenEmits([{ type: 'DecisionAppealed', data: { decisionId: 'd1', appealedAt: at(40), grounds: 'Four weeks is too short' } }]);
  });

  it('names a decision of this case', () => {
    given(histories.decided).when(cmd.appealDecision({ decisionId: 'd2' })).thenRefuses('unknown-decision');
    given(histories.ready).when(cmd.appealDecision()).thenRefuses('unknown-decision');
  });

  it('is recorded once per decision', () => {
    given([...histories.decided, ev.appealed()])
      .when(cmd.appealDecision({ occurredAt: at(41) }))
      .thenRefuses('decision-already-appealed');
  });

  it('appeals each decision on its own', () => {
    const twoDecisions = [...histories.decided, ev.appealed(), ev.decided({ decisionId: 'd2', decidedAt: at(44) })];
    given(twoDecisions)
      .when(cmd.appealDecision({ decisionId: 'd2', occurredAt: at(46) }))
      .thenEmits([{ type: 'DecisionAppealed', data: { decisionId: 'd2', appealedAt: at(46), grounds: 'Four weeks is too short' } }]);
  });

  it('cannot precede the decision', () => {
    given(histories.decided).when(cmd.appealDecision({ occurredAt: at(29) })).thenRefuses('appeal-before-decision');
  });
});
