import { CaseView } from './case-view.js';
import { CASE_ID, NATIONAL_ID, at, ev, fold, histories } from './spec-helpers.js';

describe('CaseView', () => {
  it('is null while the case does not exist', () => {
    expect(CaseView(fold([]))).toBeNull();
  });

  it('summarises a case waiting for the user to choose', () => {
    const view = CaseView(
      fold([
        ...histories.admitted,
        ev.recommended(),
        ev.readinessDeclared(),
        ev.responded(),
        ev.visitScheduled(),
        ev.visitConducted(),
        ev.optionsPresented(),
        ev.deadlineMissed(),
      ]),
    );
    expect(view).toStrictEqual({
      caseId: CASE_ID,
      status: 'awaiting_decision',
      patient: { nationalId: NATIONAL_ID, name: 'Kari Nordmann' },
      hospital: { orgNumber: '993467049', name: 'Oslo universitetssykehus HF', department: 'Geriatrisk avdeling' },
      municipalityCode: '0301',
      admittedAt: at(0),
      expectedNeeds: 'Help with personal care after a hip fracture',
      healthInformation: {
        expectedNeeds: 'Help with personal care after a hip fracture',
        expectedReadyDate: null,
        functionalAssessment: null,
        wantedServices: [],
      },
      readySince: at(24),
      hospitalRecommendation: { serviceType: 'short_term_stay', rationale: 'Needs rehabilitation before going home' },
      municipalResponse: { respondedAt: at(25), canReceive: false, expectedReadyDate: '2026-03-05', plannedTransferDate: null },
      visits: [{ visitId: 'v1', scheduledFor: at(28), location: 'Ward 4, room 12', conductedAt: at(28), mode: 'in_person' }],
      openPresentation: {
        presentationId: 'p1',
        presentedAt: at(28.5),
        channel: 'in_dialogue',
        visitId: 'v1',
        options: [
          { optionId: 'o1', serviceType: 'home_care', description: 'Home care twice a day', consequences: 'Alone at night' },
          { optionId: 'o2', serviceType: 'short_term_stay', description: 'Four weeks at Lindeberg', consequences: 'Away from home' },
        ],
      },
      latestChoice: null,
      decidingChoice: null,
      latestDecision: null,
      decisionCount: 0,
      transfer: null,
      withdrawal: null,
      latestFollowUp: null,
      missedDeadlines: [{ deadline: 'municipal_response', deadlineId: 'municipal_response:1', dueAt: at(39) }],
    });
  });

  it('summarises a transferred case', () => {
    const view = CaseView(fold([...histories.transferred, ev.followedUp()]));
    expect(view).toMatchObject({
      status: 'transferred',
      openPresentation: null,
      latestChoice: { presentationId: 'p1', optionId: 'o2', serviceType: 'short_term_stay', statedBy: 'user' },
      latestDecision: { decisionId: 'd1', serviceType: 'short_term_stay', startDate: '2026-03-04', decidedAt: at(30), appealed: false },
      transfer: { transferredAt: at(45), decisionId: 'd1' },
      latestFollowUp: { reviewedAt: at(50), outcome: 'service_fits', notes: null },
    });
  });

  it('shows the latest decision and whether it is appealed', () => {
    const view = CaseView(fold([...histories.decided, ev.appealed(), ev.decided({ decisionId: 'd2', decidedAt: at(44) })]));
    expect(view).toMatchObject({ latestDecision: { decisionId: 'd2', appealed: false }, decisionCount: 2 });
  });

  it("shows the latest choice, and the deciding one: a relative's later statement does not override the user's", () => {
    const view = CaseView(fold([...histories.chosen, ev.choiceRecorded({ optionId: 'o1', statedBy: 'relative' })]));
    expect(view).toMatchObject({
      latestChoice: { optionId: 'o1', serviceType: 'home_care', statedBy: 'relative' },
      decidingChoice: { optionId: 'o2', serviceType: 'short_term_stay', statedBy: 'user' },
    });
  });

  it('shows no readiness once revoked', () => {
    expect(CaseView(fold([...histories.ready, ev.readinessRevoked()]))).toMatchObject({ status: 'notified', readySince: null });
  });

  it('shows the withdrawal', () => {
    expect(CaseView(fold([...histories.presented, ev.withdrawn()]))).toMatchObject({
      status: 'withdrawn',
      withdrawal: { reason: 'no_longer_needs_services', details: null },
      openPresentation: null,
    });
  });

  describe('openPresentation', () => {
    it('is settled by a choice', () => {
      expect(CaseView(fold(histories.chosen))?.openPresentation).toBeNull();
    });

    it('is settled by a decision without a choice', () => {
      expect(CaseView(fold([...histories.presented, ev.decided()]))?.openPresentation).toBeNull();
    });

    it('is the latest presentation awaiting a choice', () => {
      const later = ev.optionsPresented({ presentationId: 'p2', channel: 'written', visitId: undefined, presentedAt: at(31) });
      expect(CaseView(fold([...histories.decided, later]))?.openPresentation).toMatchObject({ presentationId: 'p2', visitId: null });
    });
  });

  it('is plain JSON: it survives a round trip unchanged and shares nothing with the state', () => {
    const state = fold([...histories.transferred, ev.followedUp()]);
    const view = CaseView(state);
    expect(JSON.parse(JSON.stringify(view))).toStrictEqual(view);
    view!.visits.push({ visitId: 'x', scheduledFor: null, location: null, conductedAt: null, mode: null });
    expect(state.visits).toHaveLength(1);
  });
});
