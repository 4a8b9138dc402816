import type pg from 'pg';
import type { EventStore, Position, RecordedEvent, Subscription } from '#libs/event-store/event-store.port.js';
import { formatPosition, parsePosition } from '#libs/event-store/position.js';
import { caseIdOfStream, type CaseProjection, type ProjectedRow } from './case-projection.js';
import { CaseHistories } from './case-histories.js';
import { EventBatches, type BatchLimits } from './event-batches.js';
import { describeGeneration } from './generations.js';
import type { LockFence } from './projection-lock.js';
import { RowWriter } from './row-writer.js';

export interface FollowerSettings {
  /** Batches while catching up (big transactions). */
  readonly catchUp: BatchLimits;
  /** Batches once caught up. */
  readonly live: BatchLimits;
  /** Events of recently touched cases kept in memory. */
  readonly historyCacheEvents: number;
}

export interface FollowerDeps {
  readonly client: pg.Client;
  readonly store: EventStore;
  readonly projection: CaseProjection;
  readonly generation: number;
  readonly fence: LockFence;
  readonly settings: FollowerSettings;
}

/**
 * Keeps one generation of a projection's tables up to date from its checkpoint, on a connection of its own.
 * Each batch is one transaction: the touched cases' rows replaced, and the checkpoint moved past the batch.
 * The next batch is read and projected while the previous one commits.
 */
export class GenerationFollower {
  readonly generation: number;
  readonly #deps: FollowerDeps;
  #subscription: Subscription | null = null;
  #stopped = false;
  #position: Position | null = null;
  #eventsProcessed = 0;
  /** Big batches until the first catch-up, and again whenever a live batch comes full (fallen behind). */
  #catchingUp = true;
  #run: Promise<void> | null = null;

  constructor(deps: FollowerDeps) {
    this.#deps = deps;
    this.generation = deps.generation;
  }

  get connection(): pg.Client {
    return this.#deps.client;
  }

  /** Committed up to here (null: nothing yet). */
  get position(): Position | null {
    return this.#position;
  }

  get eventsProcessed(): number {
    return this.#eventsProcessed;
  }

  /** Runs until stopped or failed; `onCaughtUp` is called (on this follower's connection, between batches) each time it catches up. */
  start(onCaughtUp: (follower: GenerationFollower) => Promise<void> = async () => {}): Promise<void> {
    this.#run ??= this.#follow(onCaughtUp);
    return this.#run;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#subscription?.close();
    await this.#run?.catch(() => {});
  }

  /** Runs a transaction on this follower's connection, fenced by the projection's lock. */
  async transaction<T>(work: (db: pg.ClientBase) => Promise<T>): Promise<T> {
    const { client, fence } = this.#deps;
    await client.query('BEGIN');
    try {
      await fence.check(client);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  async #follow(onCaughtUp: (follower: GenerationFollower) => Promise<void>): Promise<void> {
    const { client, store, projection, generation, settings } = this.#deps;
    const { rows } = await client.query<{ position: string | null; events_processed: string }>(
      'SELECT position, events_processed FROM read_models.projection_checkpoints WHERE projection = $1 AND generation = $2',
      [projection.name, generation],
    );
    if (!rows[0]) throw new Error(`no checkpoint for ${projection.name} generation ${generation}`);
    this.#position = rows[0].position === null ? null : parsePosition(rows[0].position);
    this.#eventsProcessed = Number(rows[0].events_processed);
    const writer = new RowWriter(await describeGeneration(client, projection, generation));
    // A lost commit is lost with its checkpoint, and replayed: no need to wait for the WAL flush.
    await client.query('SET synchronous_commit TO off');
    // A generation that has committed nothing is empty: cases it has not written yet have no rows to delete.
    let written: Set<string> | null = this.#position === null ? new Set() : null;
    const histories = new CaseHistories(store, settings.historyCacheEvents);
    if (this.#stopped) return;
    this.#subscription = store.subscribeToAll({
      from: this.#position ?? 'start',
      filter: { streamNamePrefix: 'case-' },
    });
    const batches = new EventBatches(this.#subscription);
    let commit: Promise<void> | null = null;
    try {
      while (!this.#stopped) {
        const limits = this.#catchingUp ? settings.catchUp : settings.live;
        const events = await batches.next(limits);
        if (events === null) break;
        if (events.length === 0) {
          await commit;
          commit = null;
          this.#catchingUp = false;
          if (!this.#stopped) await onCaughtUp(this);
          continue;
        }
        if (events.length >= limits.maxEvents) this.#catchingUp = true;
        const batch = await this.#project(events, histories);
        await commit;
        let toDelete = batch.caseIds;
        if (written) {
          toDelete = batch.caseIds.filter((caseId) => written!.has(caseId));
          for (const caseId of batch.caseIds) written.add(caseId);
          if (written.size > MAX_TRACKED_CASES) written = null;
        }
        commit = this.#commit(writer, { ...batch, caseIds: toDelete }, events);
        commit.catch(() => {}); // surfaced when awaited before the next commit
      }
      await commit;
    } finally {
      await this.#subscription.close();
    }
  }

  async #project(events: readonly RecordedEvent[], histories: CaseHistories): Promise<ProjectedBatch> {
    const { projection } = this.#deps;
    const byCase = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      const caseId = caseIdOfStream(event.streamName);
      if (caseId === null) continue;
      const list = byCase.get(caseId);
      if (list) list.push(event);
      else byCase.set(caseId, [event]);
    }
    const caseHistories = await histories.historiesUpTo(byCase);
    const rows: ProjectedRow[][] = projection.tables.map(() => []);
    for (const history of caseHistories.values()) {
      const projected = projection.project(history);
      projection.tables.forEach((table, t) => {
        const tableRows = projected[table.name];
        if (tableRows) for (const row of tableRows) rows[t]!.push(row);
      });
    }
    return { caseIds: [...byCase.keys()], rows };
  }

  async #commit(writer: RowWriter, batch: ProjectedBatch, events: readonly RecordedEvent[]): Promise<void> {
    const { projection, generation } = this.#deps;
    const last = events[events.length - 1]!;
    await this.transaction(async (db) => {
      await writer.replace(db, batch.caseIds, batch.rows);
      await db.query(
        `UPDATE read_models.projection_checkpoints
         SET position = $3, events_processed = events_processed + $4, last_event_recorded_at = $5, updated_at = now()
         WHERE projection = $1 AND generation = $2`,
        [projection.name, generation, formatPosition(last.position), events.length, last.recordedAt],
      );
    });
    this.#position = last.position;
    this.#eventsProcessed += events.length;
  }
}

const MAX_TRACKED_CASES = 2_000_000;

interface ProjectedBatch {
  /** The cases whose rows are replaced: their old rows are deleted. */
  readonly caseIds: string[];
  readonly rows: ProjectedRow[][];
}
