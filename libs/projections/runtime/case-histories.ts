import { LRUCache } from 'lru-cache';
import { toCaseRecord, type CaseRecord } from '#libs/application/case-events.js';
import type { EventStore, RecordedEvent } from '#libs/event-store/event-store.port.js';

/** The events of one case from revision 0 without a gap (possibly beyond what has been processed so far). */
type History = CaseRecord[];

const MAX_CONCURRENT_READS = 8;

/**
 * Histories of recently touched cases, filled by the subscription itself, so a projection usually needs no read at all.
 * A least-recently-used cache bounded by the number of events it holds (`maxEvents`). On a miss the case's stream is
 * read and cut at the revision asked for, so the result never depends on what the store has received since.
 */
export class CaseHistories {
  readonly #store: EventStore;
  readonly #cases: LRUCache<string, History>;

  constructor(store: EventStore, maxEvents: number) {
    this.#store = store;
    this.#cases = new LRUCache({ maxSize: maxEvents, sizeCalculation: (history) => Math.max(1, history.length) });
  }

  /**
   * For each case, its history up to and including the last of its `events` (which are in the store's order).
   * The events are taken into the cache first; missing prefixes are read from the store.
   */
  async historiesUpTo(eventsByCase: ReadonlyMap<string, readonly RecordedEvent[]>): Promise<Map<string, CaseRecord[]>> {
    const result = new Map<string, CaseRecord[]>();
    const misses: [caseId: string, streamName: string, upTo: number][] = [];
    for (const [caseId, events] of eventsByCase) {
      let upTo = -1;
      for (const event of events) upTo = Math.max(upTo, Number(event.streamRevision));
      const history = this.#extend(caseId, events);
      if (history && history.length > upTo) result.set(caseId, history.slice(0, upTo + 1));
      else misses.push([caseId, events[0]!.streamName, upTo]);
    }
    for (let i = 0; i < misses.length; i += MAX_CONCURRENT_READS) {
      await Promise.all(
        misses.slice(i, i + MAX_CONCURRENT_READS).map(async ([caseId, streamName, upTo]) => {
          const read = (await this.#store.readStream(streamName)).map(toCaseRecord);
          if (read.length <= upTo) throw new Error(`stream ${streamName} has no revision ${upTo}`);
          this.#cases.set(caseId, read);
          result.set(caseId, read.slice(0, upTo + 1));
        }),
      );
    }
    return result;
  }

  /** The cached history with `events` appended where they continue it; null when there is a gap or nothing cached. */
  #extend(caseId: string, events: readonly RecordedEvent[]): History | null {
    // Taken out and put back, so that its size is counted as it grows.
    let history = this.#cases.get(caseId) ?? null;
    this.#cases.delete(caseId);
    for (const event of events) {
      const revision = Number(event.streamRevision);
      if (history === null && revision === 0) history = [];
      if (history === null || revision > history.length) return null;
      if (revision === history.length) history.push(toCaseRecord(event));
    }
    if (history) this.#cases.set(caseId, history);
    return history;
  }
}
