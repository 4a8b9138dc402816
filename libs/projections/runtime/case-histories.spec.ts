import { randomUUID } from 'node:crypto';
import type { EventStore, RecordedEvent } from '#libs/event-store/event-store.port.js';
import { InMemoryEventStore } from '#libs/event-store/in-memory/in-memory-event-store.js';
import { CaseHistories } from './case-histories.js';
import { appendCaseEvents } from './testing/counting-projection.js';

/** The in-memory store, counting stream reads. */
class CountingStore extends InMemoryEventStore {
  reads = 0;

  override readStream(...args: Parameters<EventStore['readStream']>): Promise<RecordedEvent[]> {
    this.reads++;
    return super.readStream(...args);
  }
}

const countingStore = () => {
  const store = new CountingStore();
  return { store, reads: () => store.reads };
};

const eventsOf = async (store: EventStore, caseId: string): Promise<RecordedEvent[]> => store.readStream(`case-${caseId}`);
const byCase = (caseId: string, events: RecordedEvent[]) => new Map([[caseId, events]]);

describe('CaseHistories', () => {
  it('builds histories from the events it is given, without reading the store', async () => {
    const { store, reads } = countingStore();
    const caseId = randomUUID();
    await appendCaseEvents(store, caseId, 0, 5);
    const all = await eventsOf(store, caseId);
    const before = reads();
    const histories = new CaseHistories(store, 1000);
    const first = await histories.historiesUpTo(byCase(caseId, all.slice(0, 2)));
    const second = await histories.historiesUpTo(byCase(caseId, all.slice(2, 5)));
    expect(first.get(caseId)!.map((e) => e.revision)).toEqual([0, 1]);
    expect(second.get(caseId)!.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
    expect(second.get(caseId)![4]!.position).toBe(`${all[4]!.position.commit}-${all[4]!.position.prepare}`);
    expect(reads()).toBe(before);
  });

  it('reads a case it has not seen from its start, cut at the revision asked for even when the store has more', async () => {
    const { store, reads } = countingStore();
    const caseId = randomUUID();
    await appendCaseEvents(store, caseId, 0, 6);
    const all = await eventsOf(store, caseId);
    const before = reads();
    const histories = new CaseHistories(store, 1000);
    const result = await histories.historiesUpTo(byCase(caseId, all.slice(2, 4)));
    expect(result.get(caseId)!.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    expect(reads()).toBe(before + 1);
    // What it read beyond is kept: the next events need no read.
    const next = await histories.historiesUpTo(byCase(caseId, all.slice(4, 5)));
    expect(next.get(caseId)!.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
    expect(reads()).toBe(before + 1);
  });

  it('forgets the least recently used cases beyond its size, and reads them again when needed', async () => {
    const { store, reads } = countingStore();
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids) await appendCaseEvents(store, id, 0, 4);
    const histories = new CaseHistories(store, 6);
    for (const id of ids) await histories.historiesUpTo(byCase(id, (await eventsOf(store, id)).slice(0, 3)));
    const last = (await eventsOf(store, ids[0]!)).slice(3, 4);
    const before = reads();
    const result = await histories.historiesUpTo(byCase(ids[0]!, last));
    expect(result.get(ids[0]!)!.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    expect(reads()).toBe(before + 1);
  });
});
