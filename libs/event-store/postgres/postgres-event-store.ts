import pg from 'pg';
import { CatchUpSubscription, START } from '../catch-up-subscription.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../event-store.port.js';
import { assertAppendable } from '../new-events.js';
import { AppendBatcher } from './append-batcher.js';
import { AppendNotifier } from './append-notifier.js';
import { migrate } from './migrations.js';
import { openPostgresSession } from './postgres-subscription.js';
import { headPosition, readAllEvents, readStreamEvents } from './read-events.js';

export interface PostgresEventStoreSettings {
  /** Size of the pool the store creates from a connection string (subscriptions have connections of their own). */
  readonly maxConnections?: number;
  /** Events per read when catching up, in subscriptions and readAll. */
  readonly batchSize?: number;
  /** Batches a catching-up subscription reads ahead of its consumer, so reading overlaps with what it does. */
  readonly readAhead?: number;
  /** How often a caught-up subscription looks for new events when no notification has woken it. */
  readonly pollIntervalMs?: number;
  /** At most one NOTIFY to other processes per this interval. */
  readonly notifyIntervalMs?: number;
  /** Append statements running at once; appends beyond that wait and go together (group commit). */
  readonly maxConcurrentAppends?: number;
}

export type PostgresEventStoreOptions = PostgresEventStoreSettings &
  (
    | { readonly connectionString: string; readonly pool?: undefined }
    /** A pool the caller owns: the store's close() leaves it open. */
    | { readonly pool: pg.Pool; readonly connectionString?: undefined }
  );

const DEFAULTS = {
  maxConnections: 20,
  batchSize: 2000,
  readAhead: 4,
  pollIntervalMs: 250,
  notifyIntervalMs: 10,
  maxConcurrentAppends: 4,
};
const MAX_APPENDS_PER_GROUP = 100;

export class PostgresEventStore implements EventStore {
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  readonly #settings: Required<Omit<PostgresEventStoreSettings, 'maxConnections'>>;
  readonly #notifier: AppendNotifier;
  readonly #appends: AppendBatcher;
  /** Subscriptions of this process, woken at once after its own appends. */
  readonly #wakers = new Set<() => void>();
  readonly #subscriptions = new Set<Subscription>();

  constructor(pool: pg.Pool, ownsPool: boolean, settings: PostgresEventStoreSettings = {}) {
    this.#pool = pool;
    this.#ownsPool = ownsPool;
    this.#settings = {
      batchSize: settings.batchSize ?? DEFAULTS.batchSize,
      readAhead: settings.readAhead ?? DEFAULTS.readAhead,
      pollIntervalMs: settings.pollIntervalMs ?? DEFAULTS.pollIntervalMs,
      notifyIntervalMs: settings.notifyIntervalMs ?? DEFAULTS.notifyIntervalMs,
      maxConcurrentAppends: settings.maxConcurrentAppends ?? DEFAULTS.maxConcurrentAppends,
    };
    this.#notifier = new AppendNotifier(pool, this.#settings.notifyIntervalMs);
    this.#appends = new AppendBatcher(pool, this.#settings.maxConcurrentAppends, MAX_APPENDS_PER_GROUP);
  }

  async appendToStream(stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    assertAppendable(events);
    const { appended, nextRevision, position } = await this.#appends.append(stream, events, options.expectedRevision);
    if (appended) {
      for (const wake of this.#wakers) wake();
      this.#notifier.announce();
    }
    return { nextRevision, position };
  }

  readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return readStreamEvents(this.#pool, stream, options);
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const from = options.from === undefined || options.from === 'start' ? START : options.from;
    return readAllEvents(this.#pool, from, options.maxCount ?? Infinity, this.#settings.batchSize);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const subscription: Subscription = new CatchUpSubscription(
      async (wake) => {
        const session = await openPostgresSession(this.#pool.options, options.filter, wake);
        this.#wakers.add(wake);
        return {
          ...session,
          close: async () => {
            this.#wakers.delete(wake);
            await session.close();
          },
        };
      },
      options.from,
      this.#settings,
      () => this.#subscriptions.delete(subscription),
    );
    this.#subscriptions.add(subscription);
    return subscription;
  }

  headPosition(): Promise<Position | null> {
    return headPosition(this.#pool);
  }

  async close(): Promise<void> {
    await Promise.all([...this.#subscriptions].map((s) => s.close()));
    await this.#notifier.close();
    if (this.#ownsPool) await this.#pool.end();
  }
}

/** Migrates the schema, then returns the store. */
export const createPostgresEventStore = async (options: PostgresEventStoreOptions): Promise<PostgresEventStore> => {
  const { pool: given, connectionString, ...settings } = options;
  const pool = given ?? new pg.Pool({ connectionString, max: settings.maxConnections ?? DEFAULTS.maxConnections });
  // An idle connection that drops is taken out of the pool; without a listener its error would crash the process.
  if (!given) pool.on('error', () => {});
  try {
    await migrate(pool);
  } catch (error) {
    if (!given) await pool.end();
    throw error;
  }
  return new PostgresEventStore(pool, !given, settings);
};
