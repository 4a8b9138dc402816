import type { Position, RecordedEvent, SubscribeToAllOptions, Subscription } from './event-store.port.js';

/** Before every event, in every adapter that uses this engine. */
export const START: Position = { commit: 0n, prepare: 0n };

export interface Batch {
  /** How many events were read: in the store's total order, all after the position read from. */
  readonly count: number;
  /** The event at `index`, decoded only when asked for, so that decoding overlaps with reading the next batch. */
  event(index: number): RecordedEvent;
  /** Everything up to here has been looked at (filtered-out events too): the next read continues after it. */
  readonly scannedTo: Position;
  /** True when the read reached the end of what is visible now, false when it stopped at the limit. */
  readonly caughtUp: boolean;
}

/** What an adapter gives a subscription: reads in its total order, over whatever the subscription holds. */
export interface SubscriptionSession {
  /** The checkpoint after which only events appended from now on follow. */
  end(): Promise<Position>;
  read(after: Position, limit: number): Promise<Batch>;
  close(): Promise<void>;
}

/** Opens a session; the adapter calls `wake` whenever new events may have become visible. */
export type OpenSession = (wake: () => void) => Promise<SubscriptionSession>;

export interface CatchUpSettings {
  readonly batchSize: number;
  /** How many batches are read ahead of the consumer while catching up. */
  readonly readAhead: number;
  /** How long to wait for a wake-up before looking again anyway. */
  readonly pollIntervalMs: number;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };
const ignore = (): void => {};

/** Wakes the one waiter; a wake with nobody waiting is remembered, so none is lost between a read and the wait. */
class WakeSignal {
  #pending = false;
  #release: (() => void) | null = null;

  wake(): void {
    if (this.#release) this.#release();
    else this.#pending = true;
  }

  /** Forgets earlier wakes: called as a read starts, since that read sees what they announced. */
  forget(): void {
    this.#pending = false;
  }

  wait(timeoutMs: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const release = (): void => {
        clearTimeout(timer);
        this.#release = null;
        resolve();
      };
      const timer = setTimeout(release, timeoutMs);
      this.#release = release;
    });
  }
}

/**
 * Reads batches from its checkpoint until caught up, then waits for a wake-up (or the poll interval) and reads again.
 * While catching up, the next batch is fetched while the consumer works through the current one.
 */
export class CatchUpSubscription implements Subscription, AsyncIterator<RecordedEvent, undefined> {
  readonly #settings: CatchUpSettings;
  readonly #signal = new WakeSignal();
  readonly #session: Promise<SubscriptionSession>;
  readonly #start: Promise<Position>;
  #after: Position | null = null;
  #batch: Batch | null = null;
  #index = 0;
  #caughtUp = false;
  /** Reads under way or answered beyond the current batch, oldest first; null where the one before was caught up. */
  #ahead: Promise<Batch | null>[] = [];
  /** Every call on the session still under way: closing waits for them, so none fails on a closed connection. */
  readonly #inFlight = new Set<Promise<unknown>>();
  #tail: Promise<unknown> = Promise.resolve();
  #closed = false;
  #closing: Promise<void> | null = null;
  readonly #onClose: () => void;

  constructor(
    open: OpenSession,
    from: SubscribeToAllOptions['from'],
    settings: CatchUpSettings,
    onClose: () => void = () => {},
  ) {
    this.#settings = settings;
    this.#onClose = onClose;
    // Opened at once, so that `from: 'end'` means the end when subscribeToAll was called, not when iteration began.
    this.#session = open(() => this.#signal.wake());
    this.#start = this.#session.then((session) =>
      from === 'end' ? this.#track(session.end()) : from === undefined || from === 'start' ? START : from,
    );
    this.#start.catch(ignore); // surfaced by next()
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<RecordedEvent, undefined>> {
    const result = this.#tail.then(() => this.#pull());
    this.#tail = result.catch(ignore);
    return result;
  }

  async return(): Promise<IteratorResult<RecordedEvent, undefined>> {
    await this.close();
    return DONE;
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  /**
   * Nothing new is started on the session once `#closed` is set (every call site checks it synchronously just before),
   * so waiting for what is under way leaves the session idle when it is closed.
   */
  async #shutdown(): Promise<void> {
    this.#closed = true;
    this.#batch = null;
    this.#signal.wake();
    const session = await this.#session.catch(() => null);
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
    await session?.close();
    this.#onClose();
  }

  async #pull(): Promise<IteratorResult<RecordedEvent, undefined>> {
    try {
      while (!this.#closed) {
        if (this.#batch && this.#index < this.#batch.count) {
          return { done: false, value: this.#batch.event(this.#index++) };
        }
        await this.#fill();
      }
      return DONE;
    } catch (error) {
      // Closed by the consumer meanwhile: whatever failed on the way out ends the iteration, as close() promises.
      if (this.#closed) return DONE;
      await this.close();
      throw error;
    }
  }

  async #fill(): Promise<void> {
    const session = await this.#session;
    this.#after ??= await this.#start;
    if (this.#caughtUp) await this.#signal.wait(this.#settings.pollIntervalMs);
    if (this.#closed) return;
    const ahead = this.#ahead.shift();
    const batch = (ahead && (await ahead)) ?? (this.#closed ? null : await this.#read(session, this.#after));
    if (batch === null || this.#closed) return;
    this.#after = batch.scannedTo;
    this.#batch = batch;
    this.#index = 0;
    this.#caughtUp = batch.caughtUp;
    if (batch.caughtUp) this.#ahead = [];
    else this.#readAhead(session, batch);
  }

  /** Keeps `readAhead` reads going beyond the current batch while catching up, each after the one before. */
  #readAhead(session: SubscriptionSession, current: Batch): void {
    while (this.#ahead.length < this.#settings.readAhead) {
      const previous = this.#ahead.at(-1) ?? Promise.resolve(current);
      const next = previous.then((batch) =>
        batch === null || batch.caughtUp || this.#closed ? null : this.#read(session, batch.scannedTo),
      );
      next.catch(ignore); // surfaced when the consumer gets to it
      this.#ahead.push(next);
    }
  }

  #read(session: SubscriptionSession, after: Position): Promise<Batch> {
    this.#signal.forget();
    return this.#track(session.read(after, this.#settings.batchSize));
  }

  #track<T>(call: Promise<T>): Promise<T> {
    const settled = call.then(ignore, ignore);
    this.#inFlight.add(settled);
    void settled.then(() => this.#inFlight.delete(settled));
    return call;
  }
}
