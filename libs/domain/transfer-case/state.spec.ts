import type { TransferCaseEvent } from './events.js';
import { CASE_ID, at, ev, fold, histories } from './spec-helpers.js';
import { evolve, initialState } from './state.js';

describe('status', () => {
  it.each([
    ['no case', [], null],
    ['notified', histories.admitted, 'notified'],
    ['awaiting a decision once ready', histories.ready, 'awaiting_decision'],
    ['notified again when readiness is revoked before a decision', [...histories.ready, ev.readinessRevoked()], 'notified'],
    [
      'awaiting a decision when declared ready again',
      [...histories.ready, ev.readinessRevoked(), ev.readinessDeclared(at(30))],
      'awaiting_decision',
    ],
    ['decided', histories.decided, 'decided'],
    ['decided without readiness', [...histories.admitted, ev.decided()], 'decided'],
    ['still decided when readiness is revoked after the decision', [...histories.decided, ev.readinessRevoked(at(35))], 'decided'],
    ['still decided when the decision is appealed', [...histories.decided, ev.appealed()], 'decided'],
    ['transferred', histories.transferred, 'transferred'],
    ['transferred after follow-up', [...histories.transferred, ev.followedUp()], 'transferred'],
    ['withdrawn when notified', [...histories.admitted, ev.withdrawn()], 'withdrawn'],
    ['withdrawn when awaiting a decision', histories.withdrawn, 'withdrawn'],
    ['withdrawn when decided', [...histories.decided, ev.withdrawn()], 'withdrawn'],
  ] as [string, TransferCaseEvent[], string | null][])('%s', (_, history, status) => {
    expect(fold(history).status).toBe(status);
  });
});

describe('evolve', () => {
  it('keeps what the rules need', () => {
    const state = fold([...histories.decided, ev.appealed(), ev.deadlineMissed()]);
    expect(state).toEqual({
      admission: ev.admitted().data,
      status: 'decided',
      readiness: { declaredAt: at(24) },
      lastRevokedAt: null,
      recommendation: null,
      municipalResponse: null,
      visits: [{ visitId: 'v1', scheduledFor: at(28), location: 'Ward 4, room 12', conducted: { occurredAt: at(28), mode: 'in_person' } }],
      presentations: [
        expect.objectContaining({ presentationId: 'p1', presentedAt: at(28.5), channel: 'in_dialogue', visitId: 'v1', settled: true }),
      ],
      choices: [{ presentationId: 'p1', optionId: 'o2', serviceType: 'short_term_stay', statedBy: 'user' }],
      decisions: [{ decisionId: 'd1', serviceType: 'short_term_stay', startDate: '2026-03-04', decidedAt: at(30), appealed: true }],
      closure: null,
      latestFollowUp: null,
      missedDeadlines: [ev.deadlineMissed().data],
      latestHealthInformation: null,
    });
  });

  it('keeps the answer and the follow-up that happened last, whatever order they were typed in', () => {
    const state = fold([
      ...histories.transferred,
      ev.responded({ respondedAt: at(27), canReceive: true, expectedReadyDate: undefined }),
      ev.responded({ respondedAt: at(25) }),
      { type: 'FollowUpRecorded', data: { reviewedAt: at(60), outcome: 'service_changed' } },
      ev.followedUp(),
    ]);
    expect(state.municipalResponse).toEqual({ respondedAt: at(27), canReceive: true });
    expect(state.latestFollowUp).toEqual({ reviewedAt: at(60), outcome: 'service_changed' });
  });

  it('leaves the initial state untouched', () => {
    const before = structuredClone(initialState);
    fold(histories.transferred);
    expect(initialState).toEqual(before);
  });

  describe('folds what a valid history cannot hold without throwing', () => {
    it('keeps the first admission', () => {
      expect(fold([...histories.admitted, ev.admitted({ caseId: 'other' })]).admission?.caseId).toBe(CASE_ID);
    });

    it('has no case until the admission, whatever came before', () => {
      const state = fold([ev.readinessDeclared(), ev.decided(), ev.transferred()]);
      expect(state.status).toBeNull();
      expect(fold([ev.readinessDeclared(), ...histories.admitted]).status).toBe('awaiting_decision');
    });

    it('ignores a choice of an option never presented', () => {
      expect(fold([...histories.admitted, ev.choiceRecorded()]).choices).toEqual([]);
    });

    it('closes once', () => {
      expect(fold([...histories.transferred, ev.withdrawn()]).status).toBe('transferred');
      expect(fold([...histories.withdrawn, ev.transferred()]).status).toBe('withdrawn');
    });

    it('keeps the first of events with the same id', () => {
      const state = fold([
        ...histories.decided,
        ev.decided({ serviceType: 'home_care' }),
        ev.visitScheduled(),
        ev.visitConducted({ mode: 'phone' }),
        ev.optionsPresented({ channel: 'written' }),
        ev.deadlineMissed(),
        ev.deadlineMissed(),
      ]);
      expect(state.decisions.map((d) => d.serviceType)).toEqual(['short_term_stay']);
      expect(state.visits).toHaveLength(1);
      expect(state.visits[0]?.conducted?.mode).toBe('in_person');
      expect(state.presentations.map((p) => p.channel)).toEqual(['in_dialogue']);
      expect(state.missedDeadlines).toHaveLength(1);
    });

    it('ignores an appeal or a revocation with nothing to act on', () => {
      expect(fold([...histories.admitted, ev.appealed(), ev.readinessRevoked()]).status).toBe('notified');
    });

    it('returns the same state for an event type it does not know', () => {
      const state = fold(histories.ready);
      expect(evolve(state, { type: 'SomethingElse', data: {} } as unknown as TransferCaseEvent)).toBe(state);
    });
  });
});
