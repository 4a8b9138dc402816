import type pg from 'pg';
import type { Logger } from 'pino';
import type { EventStore, Position, RecordedEvent, Subscription } from '#libs/event-store/event-store.port.js';
import { comparePositions, formatPosition, parsePosition } from '#libs/event-store/position.js';
import { caseIdOfStream, type CaseProjection } from './case-projection.js';
import { toCaseRecord, type CaseRecord } from '#libs/application/case-events.js';
import { CaseHistories } from './case-histories.js';
import { EventBatches, type BatchLimits } from './event-batches.js';
import { clearFailing, markedCases, markFailing, retriesRequested, type CaseFailure } from './failing-cases.js';
import { failureMessage, stackFrames } from '#libs/observability/failure-message.js';
import { describeGeneration } from './generations.js';
import { projectCase, type CaseOutcome } from './project-case.js';
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
  readonly logger: Logger;
}

/**
 * Keeps one generation of a projection's tables up to date from its checkpoint, on a connection of its own.
 * Each batch is one transaction: the touched cases' rows replaced, and the checkpoint moved past the batch.
 * The next batch is read and projected while the previous one commits.
 *
 * A case the projection cannot handle (`project` throws, or PostgreSQL refuses its rows) is isolated: it is marked
 * failing in `read_models.failing_cases` in the same transaction, keeps its last good rows, and everything else goes
 * on. Its later events are tried again as they come; an admin's retry re-projects it from its stream.
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
  /** The cases this generation has marked failing; only this follower writes them. */
  readonly #failing = new Set<string>();
  #retryWanted = false;
  #interrupt = interruption();

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

  get failingCases(): number {
    return this.#failing.size;
  }

  /** An admin asked to retry failing cases: done between batches, waking the follower if it waits for events. */
  retryRequested(): void {
    this.#retryWanted = true;
    this.#interrupt.fire();
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
    for (const caseId of await markedCases(client, projection.name, generation)) this.#failing.add(caseId);
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
        if (this.#retryWanted) {
          await commit;
          commit = null;
          this.#retryWanted = false;
          this.#interrupt = interruption();
          const retried = await this.#retry(writer);
          if (written) for (const caseId of retried) written.add(caseId);
          continue;
        }
        const limits = this.#catchingUp ? settings.catchUp : settings.live;
        const events = await batches.next(limits, this.#interrupt.promise);
        if (events === null) break;
        if (events.length === 0) {
          await commit;
          commit = null;
          this.#catchingUp = false;
          if (!this.#stopped) await onCaughtUp(this);
          continue;
        }
        if (events.length >= limits.maxEvents) this.#catchingUp = true;
        const batch = await this.#project(events, histories, writer);
        await commit;
        let toDelete = batch.written.map((outcome) => outcome.caseId);
        if (written) {
          toDelete = toDelete.filter((caseId) => written!.has(caseId));
          for (const outcome of batch.written) written.add(outcome.caseId);
          if (written.size > MAX_TRACKED_CASES) written = null;
        }
        commit = this.#commit(writer, { ...batch, toDelete }, events);
        commit.catch(() => {}); // surfaced when awaited before the next commit
      }
      await commit;
    } finally {
      await this.#subscription.close();
    }
  }

  async #project(events: readonly RecordedEvent[], histories: CaseHistories, writer: RowWriter): Promise<ProjectedBatch> {
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
    const outcomes: CaseOutcome[] = [];
    for (const [caseId, history] of caseHistories) {
      const scanFrom = this.#failing.has(caseId) ? null : Number(byCase.get(caseId)![0]!.streamRevision);
      outcomes.push(projectCase(projection, writer, caseId, history, scanFrom));
    }
    return toBatch(outcomes);
  }

  /**
   * Re-projects the cases an admin asked to retry from their streams (up to what this follower has processed, so the
   * rows never run ahead of the checkpoint), writing their rows and clearing their marks when they project now.
   */
  async #retry(writer: RowWriter): Promise<string[]> {
    const { client, store, projection, generation } = this.#deps;
    const caseIds = await retriesRequested(client, projection.name, generation, RETRY_CASES_AT_ONCE);
    if (caseIds.length === RETRY_CASES_AT_ONCE) this.#retryWanted = true; // the rest after this lot
    if (caseIds.length === 0) return [];
    const processed = this.#position;
    const outcomes: CaseOutcome[] = [];
    for (const caseId of caseIds) {
      const history = (await store.readStream(`case-${caseId}`))
        .filter((event) => processed !== null && comparePositions(event.position, processed) <= 0)
        .map(toCaseRecord);
      outcomes.push(
        history.length > 0
          ? projectCase(projection, writer, caseId, history, 0)
          : { caseId, rows: writer.encode({}), upTo: null, failure: null },
      );
    }
    const batch = toBatch(outcomes);
    await this.#commit(writer, { ...batch, toDelete: batch.written.map((outcome) => outcome.caseId), relocate: true }, null);
    const cleared = outcomes.filter((outcome) => outcome.failure === null).length;
    this.#deps.logger.info({ retried: caseIds.length, cleared }, 'failing cases retried');
    return caseIds;
  }

  /**
   * Writes a batch (and moves the checkpoint past `events`, unless null) in one transaction. When PostgreSQL refuses
   * the rows as data (classes 22 and 23), it writes them case by case instead and isolates the cases refused.
   */
  async #commit(writer: RowWriter, batch: WritableBatch, events: readonly RecordedEvent[] | null): Promise<void> {
    const { projection, generation } = this.#deps;
    const last = events?.[events.length - 1];
    const finish = async (db: pg.ClientBase, written: readonly CaseOutcome[], all: readonly CaseFailure[]) => {
      // A case may fail twice in one batch (its rows before the failing event refused too): the first failure counts.
      const failed = new Set<string>();
      const failures = all.filter((failure) => !failed.has(failure.caseId) && failed.add(failure.caseId));
      const handled = written.map((outcome) => outcome.caseId).filter((caseId) => this.#failing.has(caseId) && !failed.has(caseId));
      await clearFailing(db, projection.name, generation, handled);
      await markFailing(db, projection.name, generation, failures, { relocate: batch.relocate ?? false });
      if (last) {
        await db.query(
          `UPDATE read_models.projection_checkpoints
           SET position = $3, events_processed = events_processed + $4, last_event_recorded_at = $5, updated_at = now()
           WHERE projection = $1 AND generation = $2`,
          [projection.name, generation, formatPosition(last.position), events!.length, last.recordedAt],
        );
      }
      return { handled, failures };
    };
    let outcome: { handled: string[]; failures: readonly CaseFailure[] };
    try {
      outcome = await this.transaction(async (db) => {
        await writer.replace(db, batch.toDelete, joinRows(batch.written, writer));
        return finish(db, batch.written, batch.failures);
      });
    } catch (error) {
      if (!isDataError(error)) throw error;
      outcome = await this.transaction(async (db) => {
        const toDelete = new Set(batch.toDelete);
        const written: CaseOutcome[] = [];
        const failures = [...batch.failures];
        for (const caseOutcome of batch.written) {
          await db.query('SAVEPOINT case_rows');
          try {
            await writer.replace(db, toDelete.has(caseOutcome.caseId) ? [caseOutcome.caseId] : [], caseOutcome.rows!);
            await db.query('RELEASE SAVEPOINT case_rows');
            written.push(caseOutcome);
          } catch (refused) {
            if (!isDataError(refused)) throw refused;
            await db.query('ROLLBACK TO SAVEPOINT case_rows');
            const failure = refusedRows(caseOutcome, refused);
            failures.push(failure);
            this.#logFailure(failure, refused);
          }
        }
        return finish(db, written, failures);
      });
    }
    for (const caseId of outcome.handled) this.#failing.delete(caseId);
    for (const failure of outcome.failures) {
      if (!this.#failing.has(failure.caseId)) {
        const projected = batch.failureErrors.get(failure.caseId);
        if (projected !== undefined) this.#logFailure(failure, projected);
      }
      this.#failing.add(failure.caseId);
    }
    if (last) {
      this.#position = last.position;
      this.#eventsProcessed += events!.length;
    }
  }

  #logFailure(failure: CaseFailure, error: unknown): void {
    const { projection, generation, logger } = this.#deps;
    logger.error(
      { projection: projection.name, generation, ...failure, frames: stackFrames(error) },
      'projection cannot handle a case: the case is isolated and marked failing, the projection goes on',
    );
  }
}

const MAX_TRACKED_CASES = 2_000_000;
const RETRY_CASES_AT_ONCE = 100;

interface ProjectedBatch {
  /** The cases whose rows are replaced, with their rows. */
  readonly written: CaseOutcome[];
  /** The cases that failed (some may also be in `written`, with the rows of the history before the failing event). */
  readonly failures: CaseFailure[];
  readonly failureErrors: Map<string, unknown>;
}

interface WritableBatch extends ProjectedBatch {
  /** The cases whose old rows are deleted first. */
  readonly toDelete: string[];
  /** A retry: a failing case's first failing event is looked for again. */
  readonly relocate?: boolean;
}

const toBatch = (outcomes: readonly CaseOutcome[]): ProjectedBatch => ({
  written: outcomes.filter((outcome) => outcome.rows !== null),
  failures: outcomes.flatMap((outcome) => (outcome.failure ? [outcome.failure] : [])),
  failureErrors: new Map(outcomes.flatMap((outcome) => (outcome.failure ? [[outcome.caseId, outcome.error] as const] : []))),
});

const joinRows = (outcomes: readonly CaseOutcome[], writer: RowWriter): string[][] => {
  const tables: string[][] = writer.encode({});
  for (const outcome of outcomes) outcome.rows!.forEach((rows, t) => tables[t]!.push(...rows));
  return tables;
};

/** PostgreSQL refused the data itself (a value, a constraint): the rows' fault, not the connection's. */
const isDataError = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
};

const refusedRows = (outcome: CaseOutcome, error: unknown): CaseFailure => {
  const at: CaseRecord | null = outcome.upTo;
  return {
    caseId: outcome.caseId,
    position: at?.position ?? null,
    eventType: at?.type ?? null,
    revision: at?.revision ?? null,
    error: `writing its rows: ${failureMessage(error)}`,
    lastPosition: outcome.failure?.lastPosition ?? at?.position ?? null,
  };
};

/** A promise to wake a waiting follower, fired at most once. */
const interruption = (): { promise: Promise<void>; fire: () => void } => {
  let fire = (): void => {};
  const promise = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { promise, fire };
};
