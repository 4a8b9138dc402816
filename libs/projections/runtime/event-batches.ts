import type { RecordedEvent, Subscription } from '#libs/event-store/event-store.port.js';

export interface BatchLimits {
  /** At most this many events per batch. */
  readonly maxEvents: number;
  /** A batch with events closes once no event has arrived for this long. */
  readonly maxWaitMs: number;
}

const IDLE = Symbol('idle');
type Idle = typeof IDLE;

/** Resolves once the event loop has gone round: what is already buffered arrives (in microtasks) before it does. */
const afterPendingIo = (): Promise<Idle> => new Promise((resolve) => setImmediate(() => resolve(IDLE)));

/**
 * Takes what a subscription has available as batches: every buffered event, plus what keeps arriving without a pause
 * of `maxWaitMs`, up to `maxEvents`.
 */
export class EventBatches {
  readonly #iterator: AsyncIterator<RecordedEvent>;
  #pending: Promise<IteratorResult<RecordedEvent>> | null = null;
  #waiting = false;
  #done = false;

  constructor(subscription: Subscription) {
    this.#iterator = subscription[Symbol.asyncIterator]();
  }

  /**
   * The next batch; null when the subscription has ended. An empty batch means the reader has nothing buffered and
   * waits for the store (caught up, or a read still under way): the next call then waits for new events, or until
   * `interrupt` settles, when it answers an empty batch again (nothing is lost: the pending read is kept).
   */
  async next(limits: BatchLimits, interrupt?: Promise<void>): Promise<RecordedEvent[] | null> {
    const events: RecordedEvent[] = [];
    let lastArrival = performance.now();
    while (!this.#done && events.length < limits.maxEvents) {
      const next = (this.#pending ??= this.#iterator.next());
      const result = await Promise.race([next, afterPendingIo()]);
      if (result === IDLE) {
        if (events.length === 0) {
          if (!this.#waiting) {
            this.#waiting = true;
            return events;
          }
          if (interrupt && (await Promise.race([next.then(() => false, () => false), interrupt.then(() => true)]))) return events;
          await next;
          continue;
        }
        const quiet = performance.now() - lastArrival;
        if (quiet >= limits.maxWaitMs) break;
        await Promise.race([next, delay(limits.maxWaitMs - quiet)]);
        continue;
      }
      this.#pending = null;
      this.#waiting = false;
      if (result.done) this.#done = true;
      else {
        events.push(result.value);
        lastArrival = performance.now();
      }
    }
    return events.length > 0 || !this.#done ? events : null;
  }
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
