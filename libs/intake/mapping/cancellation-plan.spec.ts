import type { EventSource, RecordedEvent } from '#libs/event-store/event-store.port.js';
import { planCancellation } from './cancellation-plan.js';

const ORIGINAL = 'b088a160-0698-11e8-b566-0800200c9a66';
const OTHER = '79c55ed0-0692-11e8-b566-0800200c9a66';

const stream = (...events: [type: string, source: EventSource, data?: unknown][]): RecordedEvent[] =>
  events.map(([type, source, data = {}], revision) => ({
    eventId: `e${revision}`,
    type,
    data,
    metadata: { occurredAt: '2018-01-29T09:00:00Z', actor: { id: '59', role: 'hospital_system', organisation: '974749025' }, source, correlationId: 'c', causationId: null, schemaVersion: 1 },
    streamName: 'case-x',
    streamRevision: BigInt(revision),
    position: { commit: BigInt(revision), prepare: BigInt(revision) },
    recordedAt: '2018-01-29T09:00:00Z',
  }));

const plo = (msgId: string): EventSource => ({ channel: 'plo', msgId });
const api: EventSource = { channel: 'api' };

describe('planCancellation', () => {
  it('names the events the cancelled message recorded', () => {
    const events = stream(['AdmissionNotified', plo(ORIGINAL)], ['DeadlineMissed', { channel: 'system' }]);
    expect(planCancellation(events, ORIGINAL)).toEqual({ kind: 'cancel', cancelledEvents: [{ revision: 0, type: 'AdmissionNotified' }] });
  });

  it('finds nothing when the message recorded nothing here, or its events are already cancelled', () => {
    expect(planCancellation(stream(['AdmissionNotified', api]), ORIGINAL)).toEqual({ kind: 'nothing' });
    const cancelled = stream(
      ['AdmissionNotified', api],
      ['DischargeReadinessDeclared', plo(ORIGINAL)],
      ['NoticeCancelled', plo(OTHER), { cancelledEvents: [{ revision: 1, type: 'DischargeReadinessDeclared' }] }],
    );
    expect(planCancellation(cancelled, ORIGINAL)).toEqual({ kind: 'nothing' });
  });

  it('leaves it to an officer when later facts rest on what it would take back', () => {
    const opened = stream(['AdmissionNotified', plo(ORIGINAL)], ['MunicipalResponseGiven', api]);
    expect(planCancellation(opened, ORIGINAL)).toMatchObject({ kind: 'conflict' });
    const redeclared = stream(
      ['AdmissionNotified', api],
      ['DischargeReadinessDeclared', plo(OTHER)],
      ['DischargeReadinessRevoked', plo(ORIGINAL)],
      ['DischargeReadinessDeclared', api],
    );
    expect(planCancellation(redeclared, ORIGINAL)).toMatchObject({ kind: 'conflict' });
    const followedUp = stream(['AdmissionNotified', api], ['PatientTransferred', plo(ORIGINAL)], ['FollowUpRecorded', api]);
    expect(planCancellation(followedUp, ORIGINAL)).toMatchObject({ kind: 'conflict' });
    expect(planCancellation(followedUp, ORIGINAL, { force: true })).toEqual({ kind: 'cancel', cancelledEvents: [{ revision: 1, type: 'PatientTransferred' }] });
  });
});
