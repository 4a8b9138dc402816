import pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '#libs/config/clock.js';
import { DEADLINE_CHANNEL } from '#libs/projections/deadlines/deadline.projection.js';
import { scheduleDeadlines, unscheduleDeadlines, type DeadlineQueue, type FireRetry } from './deadline-queue.js';
import { readDeadlines } from './deadline-reads.js';

const FLUSH_EVERY_MS = 50;
const RECONNECT_AFTER_MS = 1000;

export interface DeadlineSchedulerOptions {
  readonly databaseUrl: string;
  readonly pool: pg.Pool;
  readonly queue: DeadlineQueue;
  readonly clock: Clock;
  readonly retry: FireRetry;
  readonly logger: Logger;
  /** Runs after every (re)connection, since notifications sent while not listening are lost. */
  readonly onListening: () => Promise<void>;
}

/**
 * Follows the Deadline read model as the projection writes it: every written row is announced by a notification
 * carrying its deadline id (at commit, so the row is visible); the ids are gathered for a moment, read back, and the
 * open ones scheduled, the others unscheduled.
 */
export class DeadlineScheduler {
  readonly #pending = new Set<string>();
  #client: pg.Client | undefined;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(private readonly options: DeadlineSchedulerOptions) {}

  async start(): Promise<void> {
    await this.#listen();
    this.#timer = setInterval(() => {
      this.#flushing = this.#flushing.then(() => this.flush());
    }, FLUSH_EVERY_MS);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#flushing;
    await this.#client?.end().catch(() => undefined);
  }

  /** Schedules or unschedules every deadline announced since the last flush. */
  async flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    const ids = [...this.#pending];
    this.#pending.clear();
    const { pool, queue, clock, retry, logger } = this.options;
    try {
      const rows = await readDeadlines(pool, ids);
      await scheduleDeadlines(queue, rows.filter((row) => row.status === 'open'), clock.now(), retry);
      // A deadline met or cancelled before it was due has a job to remove; a missed one has fired, or fires and finds it closed.
      const closedEarly = rows.filter((row) => row.status === 'met' || row.status === 'cancelled');
      await unscheduleDeadlines(queue, closedEarly.map((row) => row.deadlineId));
    } catch (error) {
      ids.forEach((id) => this.#pending.add(id));
      logger.warn({ error: (error as Error).message, deadlines: ids.length }, 'scheduling deadlines failed; will retry');
    }
  }

  async #listen(): Promise<void> {
    const { databaseUrl, logger, onListening } = this.options;
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on('notification', (message) => {
      if (message.channel === DEADLINE_CHANNEL && message.payload) this.#pending.add(message.payload);
    });
    client.on('error', (error) => {
      logger.warn({ error: error.message }, 'deadline notifications lost; listening again');
      void client.end().catch(() => undefined);
      this.#relisten();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${DEADLINE_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.#client = client;
    await onListening();
  }

  #relisten(): void {
    if (this.#stopped) return;
    setTimeout(() => {
      if (this.#stopped) return;
      this.#listen().catch((error: unknown) => {
        this.options.logger.warn({ error: (error as Error).message }, 'cannot listen for deadline changes yet');
        this.#relisten();
      });
    }, RECONNECT_AFTER_MS);
  }
}
