import { randomUUID } from 'node:crypto';
import { computeLiability } from '#libs/domain/regulation/liability.js';
import { DEFAULT_REGULATION_CONFIG } from '#libs/domain/regulation/regulation-config.js';
import { caseStreamName, type TransferCaseEvent } from '#libs/domain/transfer-case/events.js';
import { CASE_ID, ev } from '#libs/domain/transfer-case/spec-helpers.js';
import { SCHEMA_VERSIONS } from '#libs/domain/transfer-case/upcasters.js';
import { createInMemoryEventStore } from '#libs/event-store/in-memory/in-memory-event-store.js';
import type { EventStore } from '#libs/event-store/event-store.port.js';
import { asRecordedWhereChanged, loadCase } from './case-events.js';

/** When a tester typed the facts in: version 1 stored this as the occurredAt of every event given without one. */
const TYPED_IN = '2026-12-04T09:15:00.000Z';

const storeWith = async (store: EventStore, events: [TransferCaseEvent, occurredAt: string, schemaVersion: number][]) =>
  store.appendToStream(
    caseStreamName(CASE_ID),
    events.map(([event, occurredAt, schemaVersion]) => ({
      eventId: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: { occurredAt, actor: { id: 'tester', role: 'hospital_staff', organisation: '993467049' }, correlationId: 'c', causationId: null, schemaVersion },
    })),
    { expectedRevision: 'any' },
  );

const admitted = ev.admitted({ admittedAt: '2024-06-01T08:00:00Z' });
const declared = (declaredAt: string) => ev.readinessDeclared(declaredAt);
const liabilityOf = async (store: EventStore) =>
  computeLiability((await loadCase(store, CASE_ID)).records, DEFAULT_REGULATION_CONFIG, TYPED_IN).periods.map(
    ({ from, to, days }) => ({ from, to, days }),
  );

describe('stored events as the domain reads them', () => {
  let store: EventStore;

  beforeEach(() => {
    store = createInMemoryEventStore();
  });

  it('reads a transfer stored under version 1 with the moment it was typed in as happening at its transferredAt', async () => {
    await storeWith(store, [
      [admitted, '2024-06-01T09:00:00Z', 1],
      [declared('2024-06-05T08:00:00Z'), '2024-06-05T08:00:00Z', 1],
      [ev.transferred({ transferredAt: '2024-06-07T10:00:00Z' }), TYPED_IN, 1],
    ]);
    const loaded = await loadCase(store, CASE_ID);

    expect(loaded.records.map((record) => record.occurredAt)).toEqual(['2024-06-01T09:00:00Z', '2024-06-05T08:00:00Z', '2024-06-07T10:00:00Z']);
    expect(loaded.records[2]).toMatchObject({ type: 'PatientTransferred', revision: 2, position: expect.stringMatching(/^\d+-\d+$/) });
    // The store keeps what was recorded, and the history can show both.
    expect(loaded.events[2]!.metadata.occurredAt).toBe(TYPED_IN);
    expect(asRecordedWhereChanged(loaded.events[2]!, loaded.records[2]!)).toEqual({ occurredAt: TYPED_IN });
    expect(asRecordedWhereChanged(loaded.events[1]!, loaded.records[1]!)).toBeNull();
    expect(loaded.state.closure).toEqual({ kind: 'transferred', transferredAt: '2024-06-07T10:00:00Z', decisionId: 'd1' });
  });

  it('reads an event of the current version as it is stored', async () => {
    await storeWith(store, [
      [admitted, '2024-06-01T09:00:00Z', SCHEMA_VERSIONS.AdmissionNotified],
      [ev.transferred({ transferredAt: '2024-06-07T10:00:00Z' }), '2024-06-07T10:00:00Z', SCHEMA_VERSIONS.PatientTransferred],
    ]);
    const loaded = await loadCase(store, CASE_ID);
    expect(loaded.records.map((record, i) => asRecordedWhereChanged(loaded.events[i]!, record))).toEqual([null, null]);
  });

  describe("the testers' late registrations, as version 1 stored them, give the regulation's answers", () => {
    it('a transfer typed in without occurredAt ends the period on its day: 2 days, not up to today', async () => {
      await storeWith(store, [
        [admitted, '2024-06-01T09:00:00Z', 1],
        [declared('2024-06-05T08:00:00Z'), '2024-06-05T08:00:00Z', 1],
        [ev.transferred({ transferredAt: '2024-06-07T10:00:00Z' }), TYPED_IN, 1],
      ]);
      expect(await liabilityOf(store)).toEqual([{ from: '2024-06-05', to: '2024-06-07', days: 2 }]);
    });

    it("a service announced ready three days on, typed in without occurredAt: the ministry's three days, not 31", async () => {
      await storeWith(store, [
        [admitted, '2024-06-01T09:00:00Z', 1],
        [declared('2024-07-01T08:00:00Z'), '2024-07-01T08:00:00Z', 1],
        [ev.responded({ respondedAt: '2024-07-01T10:00:00Z', canReceive: false, expectedReadyDate: undefined }), '2024-07-01T10:00:00Z', 1],
        [ev.responded({ respondedAt: '2024-07-04T08:00:00Z', canReceive: true, expectedReadyDate: undefined }), TYPED_IN, 1],
      ]);
      expect(await liabilityOf(store)).toEqual([{ from: '2024-07-01', to: '2024-07-04', days: 3 }]);
    });

    it('a revocation typed in without occurredAt ends the period on the revocation day: 2 days, not 17', async () => {
      await storeWith(store, [
        [admitted, '2024-06-01T09:00:00Z', 1],
        [declared('2024-07-15T08:00:00Z'), '2024-07-15T08:00:00Z', 1],
        [ev.readinessRevoked('2024-07-17T06:00:00Z'), TYPED_IN, 1],
      ]);
      expect(await liabilityOf(store)).toEqual([{ from: '2024-07-15', to: '2024-07-17', days: 2 }]);
    });
  });
});
