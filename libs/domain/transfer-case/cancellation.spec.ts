import { CaseStream, oslo } from '#libs/domain/regulation/case-stream.fixture.js';
import { computeDeadlines } from '#libs/domain/regulation/deadlines.js';
import { computeLiability } from '#libs/domain/regulation/liability.js';
import { DEFAULT_REGULATION_CONFIG } from '#libs/domain/regulation/regulation-config.js';
import { countingRecords, isAdmissionCancelled } from './cancellation.js';
import type { NoticeCancelled } from './events.js';
import { foldCase } from './state.js';

/** Appends a `NoticeCancelled` naming these revisions, as the intake records it. */
const cancel = (stream: CaseStream, at: string, ...revisions: number[]): CaseStream => {
  const data: NoticeCancelled = {
    msgId: 'c0a80001-0000-4000-8000-00000000000c',
    cancelledMsgId: 'c0a80001-0000-4000-8000-00000000000a',
    cancelledEvents: revisions.map((revision) => ({ revision, type: stream.events[revision]!.type })),
  };
  stream.events.push({ type: 'NoticeCancelled', data, occurredAt: oslo(at), recordedAt: oslo(at), revision: stream.events.length });
  return stream;
};

describe('the events of a cancelled hospital message stop counting', () => {
  it('leaves a history without cancellations as it is', () => {
    const { events } = CaseStream.admitted('2024-05-01T10:00').declare('2024-05-06T09:00');
    expect(countingRecords(events)).toBe(events);
  });

  it('drops the cancelled events, keeps the admission and the cancellation itself', () => {
    const stream = cancel(CaseStream.admitted('2024-05-01T10:00').declare('2024-05-06T09:00'), '2024-05-06T12:00', 0, 1);
    expect(countingRecords(stream.events).map((record) => record.type)).toEqual(['AdmissionNotified', 'NoticeCancelled']);
    expect(isAdmissionCancelled(stream.events)).toBe(true);
  });

  it('a cancelled readiness notice: no readiness in the state, no § 11 deadline, no liability', () => {
    const stream = cancel(CaseStream.admitted('2024-05-01T10:00').declare('2024-05-06T09:00'), '2024-05-08T12:00', 1);
    expect(foldCase(stream.events)).toMatchObject({ readiness: null, status: 'notified' });
    expect(computeDeadlines(stream.events, DEFAULT_REGULATION_CONFIG).map((deadline) => deadline.kind)).toEqual(['admission_notice']);
    expect(computeLiability(stream.events, DEFAULT_REGULATION_CONFIG, oslo('2024-06-01T12:00')).periods).toEqual([]);
  });

  it('a cancelled revocation: the readiness stands again and its days run on', () => {
    const stream = cancel(
      CaseStream.admitted('2024-05-01T10:00').declare('2024-05-06T09:00').revoke('2024-05-07T09:00'),
      '2024-05-07T12:00',
      2,
    );
    expect(foldCase(stream.events)).toMatchObject({ status: 'awaiting_decision', readiness: { declaredAt: oslo('2024-05-06T09:00') } });
    const liability = computeLiability(stream.events, DEFAULT_REGULATION_CONFIG, oslo('2024-05-10T12:00'));
    expect(liability.periods.map(({ from, to, days }) => ({ from, to, days }))).toEqual([{ from: '2024-05-06', to: null, days: 5 }]);
  });

  it('a cancelled death notice: the case is open again', () => {
    const stream = cancel(CaseStream.admitted('2024-05-01T10:00').withdraw('2024-05-03T10:00'), '2024-05-03T12:00', 1);
    expect(foldCase(stream.events)).toMatchObject({ status: 'notified', closure: null });
  });

  it('a case opened by a cancelled message owes no notice deadline', () => {
    const stream = cancel(CaseStream.admitted('2024-05-01T10:00', { at: '2024-05-04T10:00' }), '2024-05-04T11:00', 0);
    expect(computeDeadlines(CaseStream.admitted('2024-05-01T10:00', { at: '2024-05-04T10:00' }).events, DEFAULT_REGULATION_CONFIG)).toMatchObject([
      { kind: 'admission_notice', status: 'missed' },
    ]);
    expect(computeDeadlines(stream.events, DEFAULT_REGULATION_CONFIG)).toEqual([]);
  });
});
