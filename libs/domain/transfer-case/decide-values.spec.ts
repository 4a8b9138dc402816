import { decide } from './decide.js';
import { CONTEXT, NOW, at, cmd, fold, given, histories } from './spec-helpers.js';

/** domain.md, Invariants: Values. NOW is 2026-03-03 in Oslo, so the last allowed day is 2028-03-03. */
describe('bounded values', () => {
  const accepted = (command: Parameters<typeof decide>[0], history = histories.ready) =>
    expect(decide(command, fold(history), CONTEXT)).toMatchObject({ ok: true });

  it('refuses planned dates past two years after today, and takes them up to that day', () => {
    given(histories.ready).when(cmd.giveMunicipalResponse({ canReceive: false, expectedReadyDate: '9999-12-31' })).thenRefuses('time-out-of-bounds');
    given(histories.ready).when(cmd.giveMunicipalResponse({ plannedTransferDate: '2028-03-04' })).thenRefuses('time-out-of-bounds');
    given(histories.chosen).when(cmd.decideAllocation({ startDate: '9999-12-31' })).thenRefuses('time-out-of-bounds');
    given(histories.ready).when(cmd.scheduleMunicipalVisit({ scheduledFor: '2028-03-04T00:00:00+01:00' })).thenRefuses('time-out-of-bounds');
    accepted(cmd.giveMunicipalResponse({ canReceive: false, expectedReadyDate: '2028-03-03', plannedTransferDate: '2028-03-03' }));
    accepted(cmd.scheduleMunicipalVisit({ scheduledFor: '2028-03-03T23:59:00+01:00' }));
    accepted(cmd.decideAllocation({ startDate: '2028-03-03' }), histories.chosen);
  });

  it('refuses dates and instants before 2000-01-01', () => {
    given(histories.chosen).when(cmd.decideAllocation({ startDate: '0000-01-01' })).thenRefuses('time-out-of-bounds');
    given(histories.chosen).when(cmd.decideAllocation({ startDate: '1999-12-31' })).thenRefuses('time-out-of-bounds');
    given([]).when(cmd.notifyAdmission({ admittedAt: '1999-12-31T22:00:00Z', occurredAt: at(1) })).thenRefuses('time-out-of-bounds');
  });

  it('refuses a far-future fact as out of bounds before it is a fact in the future', () => {
    given(histories.admitted).when(cmd.relayUserWish({ occurredAt: '9999-12-31T00:00:00Z' })).thenRefuses('time-out-of-bounds');
    given(histories.ready).when(cmd.giveMunicipalResponse({ respondedAt: '9999-12-31T00:00:00Z', occurredAt: '9999-12-31T00:00:00Z' })).thenRefuses('time-out-of-bounds');
    given(histories.admitted)
      .when(cmd.relayUserWish({ occurredAt: new Date(NOW.getTime() + 400 * 24 * 3600_000).toISOString() }))
      .thenRefuses('occurred-in-future');
  });

  it('refuses text that is not valid Unicode or holds NUL, wherever it is', () => {
    given(histories.admitted).when(cmd.relayUserWish({ statement: 'før\u0000etter' })).thenRefuses('invalid-text');
    given(histories.admitted).when(cmd.relayUserWish({ statement: 'halv \ud83d' })).thenRefuses('invalid-text');
    given([]).when(cmd.notifyAdmission({ patient: { nationalId: cmd.notifyAdmission().patient.nationalId, name: 'Kari\u0000' } })).thenRefuses('invalid-text');
    accepted(cmd.relayUserWish({ statement: 'hei \ud83d\ude00' }), histories.admitted);
  });
});
