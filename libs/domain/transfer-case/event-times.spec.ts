import type { CaseEventRecord } from './events.js';
import { FACT_TIME_FIELDS, factTime, givenFactTime, inWorldOrder, occurredAtOf, timeFieldsOf } from './event-times.js';
import { at, cmd, ev } from './spec-helpers.js';

const record = (event: ReturnType<typeof ev.admitted>, occurredAt: string, revision: number): CaseEventRecord =>
  ({ ...event, occurredAt, recordedAt: occurredAt, revision }) as CaseEventRecord;

describe('which time belongs to which event', () => {
  it('names the own time fields of domain.md, and not the two hospital notices', () => {
    expect(FACT_TIME_FIELDS).toEqual({
      DischargeReadinessRevoked: 'revokedAt',
      MunicipalResponseGiven: 'respondedAt',
      MunicipalVisitConducted: 'occurredAt',
      OptionsPresented: 'presentedAt',
      UserDeclinedDialogue: 'occurredAt',
      AllocationDecided: 'decidedAt',
      DecisionAppealed: 'appealedAt',
      PatientTransferred: 'transferredAt',
      FollowUpRecorded: 'reviewedAt',
    });
  });

  it("records an event with its own time field at that field, any other at the command's occurredAt", () => {
    expect(occurredAtOf(ev.transferred({ transferredAt: at(45) }), at(50))).toBe(at(45));
    expect(occurredAtOf(ev.readinessDeclared(at(20)), at(24))).toBe(at(24));
    expect(occurredAtOf(ev.admitted(), at(2))).toBe(at(2));
  });

  it("finds the own time field a command or a request body gives, whichever it is; a visit's is occurredAt itself", () => {
    expect(givenFactTime(cmd.transferPatient({ transferredAt: at(45) }))).toEqual({ field: 'transferredAt', value: at(45) });
    expect(givenFactTime({ respondedAt: at(25), canReceive: true })).toEqual({ field: 'respondedAt', value: at(25) });
    expect(givenFactTime(cmd.transferPatient())).toBeUndefined();
    expect(givenFactTime(cmd.recordMunicipalVisit())).toBeUndefined();
    expect(givenFactTime(cmd.declareDischargeReadiness({ declaredAt: at(20) }))).toBeUndefined();
  });

  it('puts a readiness at its declaredAt, the notice of it aside', () => {
    expect(factTime(record(ev.readinessDeclared(at(20)), at(24), 1))).toBe(at(20));
    expect(factTime(record(ev.responded(), at(25), 2))).toBe(at(25));
  });

  it('orders a case as things happened, ties as they were recorded', () => {
    const admitted = record(ev.admitted(), at(2), 0);
    const answered = record(ev.responded({ respondedAt: at(11) }), at(11), 1);
    const ready = record(ev.readinessDeclared(at(10)), at(10), 2);
    const revoked = record(ev.readinessRevoked(at(11)), at(11), 3);
    expect(inWorldOrder([revoked, answered, ready, admitted]).map((r) => r.revision)).toEqual([0, 2, 1, 3]);
  });

  it('will not place an event whose time cannot be read', () => {
    expect(() => inWorldOrder([record(ev.responded(), 'soon', 1)])).toThrow(RangeError);
  });

  it('lists every time an event carries for the time rules, the need identified later in the stay too', () => {
    expect(timeFieldsOf(ev.admitted({ needIdentifiedAt: at(5) })).map((time) => [time.kind, time.field])).toEqual([
      ['happened', 'admittedAt'],
      ['happened', 'needIdentifiedAt'],
    ]);
    expect(timeFieldsOf(ev.decided()).map((time) => time.field)).toEqual(['decidedAt', 'startDate']);
    expect(timeFieldsOf(ev.transferred()).map((time) => time.field)).toEqual(['transferredAt']);
    expect(timeFieldsOf(ev.visitScheduled())).toEqual([{ kind: 'planned', field: 'scheduledFor', value: at(28) }]);
  });
});
