import { FACT_TIME_FIELDS } from './event-times.js';
import { TRANSFER_CASE_EVENT_TYPES } from './events.js';
import { ev } from './spec-helpers.js';
import { SCHEMA_VERSIONS, UPCASTERS, upcast, type VersionedEvent } from './upcasters.js';

/** Typed in on 4 December 2026, about things that happened in 2024: how version 1 recorded a late registration. */
const TYPED_IN = '2026-12-04T09:15:00.000Z';
const HAPPENED = '2024-06-07T10:00:00Z';

const v1 = (type: string, data: unknown, occurredAt = TYPED_IN): VersionedEvent => ({ type, schemaVersion: 1, occurredAt, data });

/** A version-1 event of every type spec version 2 changed, with its own time field in the past. */
const CHANGED_BY_SPEC_2: [string, Record<string, unknown>][] = [
  ['DischargeReadinessRevoked', { revokedAt: HAPPENED, reason: 'complication' }],
  ['MunicipalResponseGiven', { respondedAt: HAPPENED, canReceive: true }],
  ['MunicipalVisitConducted', { ...(ev.visitConducted().data as object), occurredAt: HAPPENED }],
  ['OptionsPresented', { ...(ev.optionsPresented().data as object), presentedAt: HAPPENED }],
  ['UserDeclinedDialogue', { occurredAt: HAPPENED }],
  ['AllocationDecided', { ...(ev.decided().data as object), decidedAt: HAPPENED }],
  ['DecisionAppealed', { decisionId: 'd1', appealedAt: HAPPENED, grounds: 'Unfair' }],
  ['PatientTransferred', { transferredAt: HAPPENED, decisionId: 'd1' }],
  ['FollowUpRecorded', { reviewedAt: HAPPENED, outcome: 'service_fits' }],
];

describe('upcasting stored events to spec version 2', () => {
  it.each(CHANGED_BY_SPEC_2)(
    'reads a version-1 %s at its own time field, whenever it was typed in, and leaves its data as stored',
    (type, data) => {
      const stored = v1(type, data);
      const current = upcast(stored);
      expect(current).toEqual({ type, schemaVersion: 2, occurredAt: HAPPENED, data });
      expect(current.data).toBe(stored.data);
    },
  );

  it('reads a version-1 AdmissionNotified as it is: without needIdentifiedAt the need was known at admission', () => {
    const stored = v1('AdmissionNotified', ev.admitted().data, '2024-06-01T08:00:00Z');
    expect(upcast(stored)).toEqual({ ...stored, schemaVersion: 2 });
  });

  it('reads version-1 options, which had no available flag, as they are: all available', () => {
    const stored = v1('OptionsPresented', ev.optionsPresented().data);
    const options = (upcast(stored).data as { options: { available?: boolean }[] }).options;
    expect(options.every((option) => option.available === undefined)).toBe(true);
  });

  it('keeps the stored occurredAt when it is the same instant, however written', () => {
    const stored = v1('PatientTransferred', { transferredAt: '2024-06-07T12:00:00+02:00', decisionId: 'd1' }, HAPPENED);
    expect(upcast(stored)).toEqual({ ...stored, schemaVersion: 2 });
  });

  it('keeps the stored occurredAt when the own time field cannot be read: the reader reports that record', () => {
    const stored = v1('PatientTransferred', { transferredAt: 'yesterday', decisionId: 'd1' });
    expect(upcast(stored).occurredAt).toBe(TYPED_IN);
  });

  it('leaves an event of the current version, a newer one and an unknown type as they are', () => {
    const current = { ...v1('PatientTransferred', { transferredAt: HAPPENED, decisionId: 'd1' }), schemaVersion: 2 };
    expect(upcast(current)).toBe(current);
    const newer = { ...current, schemaVersion: 7 };
    expect(upcast(newer)).toBe(newer);
    const unknown = v1('SomethingElse', { at: HAPPENED });
    expect(upcast(unknown)).toBe(unknown);
  });

  it('leaves events that did not change at version 1', () => {
    for (const type of ['HospitalRecommendationGiven', 'UserWishRelayed', 'DischargeReadinessDeclared', 'CaseWithdrawn', 'DeadlineMissed']) {
      expect(SCHEMA_VERSIONS[type as keyof typeof SCHEMA_VERSIONS]).toBe(1);
      const stored = v1(type, { declaredAt: HAPPENED });
      expect(upcast(stored)).toBe(stored);
    }
  });

  it('writes every type at the version its upcasters lead to: one upcaster per version, without gaps', () => {
    expect(Object.keys(SCHEMA_VERSIONS).sort()).toEqual([...TRANSFER_CASE_EVENT_TYPES].sort());
    for (const type of TRANSFER_CASE_EVENT_TYPES) {
      const versions = UPCASTERS.filter((upcaster) => upcaster.type === type).map((upcaster) => upcaster.fromVersion);
      expect(versions.sort()).toEqual(Array.from({ length: SCHEMA_VERSIONS[type] - 1 }, (_, i) => i + 1));
    }
    for (const type of [...Object.keys(FACT_TIME_FIELDS), 'AdmissionNotified']) {
      expect(SCHEMA_VERSIONS[type as keyof typeof SCHEMA_VERSIONS]).toBe(2);
    }
    expect(CHANGED_BY_SPEC_2.map(([type]) => type).sort()).toEqual(Object.keys(FACT_TIME_FIELDS).sort());
  });
});
