import type pg from 'pg';

export const APPEND_CHANNEL = 'event_store_appended';

/**
 * Tells other processes' subscribers that events were appended, with at most one NOTIFY per interval.
 * Deliberately not part of the append transaction: NOTIFY takes a cluster-wide lock at commit, which would serialise
 * all writers. A NOTIFY that is lost (or never sent, when the process dies) only delays subscribers until their next
 * poll.
 */
export class AppendNotifier {
  readonly #pool: pg.Pool;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | null = null;
  #sending: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(pool: pg.Pool, intervalMs: number) {
    this.#pool = pool;
    this.#intervalMs = intervalMs;
  }

  announce(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#sending = this.#pool.query(`NOTIFY ${APPEND_CHANNEL}`).catch(() => {});
    }, this.#intervalMs);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#sending;
  }
}
