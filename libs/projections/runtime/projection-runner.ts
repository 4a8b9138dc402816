import pg from 'pg';
import type { Logger } from 'pino';
import type { EventStore, Position } from '#libs/event-store/event-store.port.js';
import { comparePositions } from '#libs/event-store/position.js';
import type { CaseProjection } from './case-projection.js';
import { GenerationFollower, type FollowerSettings } from './generation-follower.js';
import { dropGenerationMarks, generationsWithRetries } from './failing-cases.js';
import { createGeneration, createQueryIndexes, dropGeneration, exposeGeneration } from './generations.js';
import { ProjectionLock } from './projection-lock.js';
import { liveCheckpoint } from './wait-for-position.js';

export interface RunnerSettings extends FollowerSettings {
  /** How often a process without the lock tries to take it. */
  readonly lockRetryMs: number;
  /** How often the lock holder looks for rebuild requests (and that its lock connection is alive). */
  readonly controlIntervalMs: number;
}

interface RegistryRow {
  live_generation: number;
  live_version: number;
  building_generation: number | null;
  building_version: number | null;
  rebuild_requested_at: Date | null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one projection while this process holds its lock: follows the live generation, and when the projection's
 * version is new or a rebuild was requested, builds a fresh generation beside it and swaps it in once caught up.
 */
export class ProjectionRunner {
  readonly projection: CaseProjection;
  readonly #connection: pg.ClientConfig;
  readonly #store: EventStore;
  readonly #logger: Logger;
  readonly #settings: RunnerSettings;
  #stopped = false;
  #wake: (() => void) | null = null;
  #loop: Promise<void> | null = null;
  #live: GenerationFollower | null = null;
  #building: GenerationFollower | null = null;
  /** The building follower whose generation has its query indexes. */
  #indexed: GenerationFollower | null = null;
  #leading = false;

  constructor(connection: pg.ClientConfig, store: EventStore, projection: CaseProjection, logger: Logger, settings: RunnerSettings) {
    this.#connection = connection;
    this.#store = store;
    this.projection = projection;
    this.#logger = logger.child({ projection: projection.name });
    this.#settings = settings;
  }

  /** Whether this process currently holds the projection's lock and runs it. */
  get leading(): boolean {
    return this.#leading;
  }

  /** Cases the live generation has marked failing (when this process leads). */
  get failingCases(): number {
    return this.#live?.failingCases ?? 0;
  }

  get rebuilding(): { generation: number; eventsProcessed: number } | null {
    const building = this.#building;
    return building ? { generation: building.generation, eventsProcessed: building.eventsProcessed } : null;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      let lost: Error | null = null;
      let lock: ProjectionLock | null = null;
      try {
        lock = await ProjectionLock.tryAcquire(this.#connection, this.projection.name, (error) => {
          lost ??= error;
          this.#wake?.();
        });
      } catch (error) {
        this.#logger.warn({ error: (error as Error).message }, 'projection lock: cannot connect');
      }
      if (!lock) {
        await this.#pause(this.#settings.lockRetryMs);
        continue;
      }
      this.#leading = true;
      this.#logger.info('projection runner took the lock');
      try {
        await this.#lead(lock, () => lost);
      } catch (error) {
        if (!this.#stopped) this.#logger.error({ error: (error as Error).message }, 'projection runner failed; restarting');
      } finally {
        this.#leading = false;
        await Promise.all([this.#live?.stop(), this.#building?.stop()]);
        await Promise.all([this.#live, this.#building].map((f) => f && this.#endFollowerConnection(f)));
        this.#live = null;
        this.#building = null;
        await lock.release();
      }
      if (!this.#stopped) await this.#pause(this.#settings.lockRetryMs);
    }
  }

  #pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    }).then(() => {
      this.#wake = null;
    });
  }

  async #lead(lock: ProjectionLock, lost: () => Error | null): Promise<void> {
    const db = lock.client;
    let failure: Error | null = null;
    const fail = (error: unknown): void => {
      failure ??= error as Error;
      this.#wake?.();
    };
    let row = await this.#ensureRegistered(db);
    if (row.live_version === this.projection.version) {
      this.#live = await this.#follower(lock, row.live_generation);
      this.#live.start().catch(fail);
    }
    while (!this.#stopped) {
      const error = lost() ?? failure;
      if (error) throw error;
      row = await this.#registry(db);
      if (!this.#building && (row.live_version !== this.projection.version || row.rebuild_requested_at !== null || row.building_generation !== null)) {
        const generation = await this.#prepareRebuild(db, row);
        this.#building = await this.#follower(lock, generation);
        this.#building.start((follower) => this.#swapWhenCaughtUp(follower)).catch(fail);
      } else if (this.#building && row.rebuild_requested_at !== null) {
        await db.query('UPDATE read_models.projections SET rebuild_requested_at = NULL WHERE name = $1', [this.projection.name]);
      }
      for (const generation of await generationsWithRetries(db, this.projection.name)) {
        for (const follower of [this.#live, this.#building]) if (follower?.generation === generation) follower.retryRequested();
      }
      await this.#pause(this.#settings.controlIntervalMs);
    }
  }

  async #follower(lock: ProjectionLock, generation: number): Promise<GenerationFollower> {
    const client = new pg.Client({ ...this.#connection, application_name: `projection:${this.projection.name}`.slice(0, 63) });
    client.on('error', () => {}); // the next statement fails and ends the follower
    await client.connect();
    return new GenerationFollower({
      client,
      store: this.#store,
      projection: this.projection,
      generation,
      fence: lock.fence,
      settings: this.#settings,
      logger: this.#logger,
    });
  }

  async #endFollowerConnection(follower: GenerationFollower): Promise<void> {
    await follower.connection.end().catch(() => {});
  }

  async #registry(db: pg.ClientBase, forUpdate = false): Promise<RegistryRow> {
    const { rows } = await db.query<RegistryRow>(
      `SELECT live_generation, live_version, building_generation, building_version, rebuild_requested_at
       FROM read_models.projections WHERE name = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [this.projection.name],
    );
    if (!rows[0]) throw new Error(`projection ${this.projection.name} is not registered`);
    return rows[0];
  }

  /** The first time a projection runs, its first generation is created and exposed at once (empty, then filling). */
  async #ensureRegistered(db: pg.ClientBase): Promise<RegistryRow> {
    const name = this.projection.name;
    await db.query('BEGIN');
    try {
      await db.query('LOCK TABLE read_models.projections IN SHARE ROW EXCLUSIVE MODE');
      const { rows } = await db.query('SELECT 1 FROM read_models.projections WHERE name = $1', [name]);
      if (rows.length === 0) {
        await createGeneration(db, this.projection, 1, { withQueryIndexes: true });
        await exposeGeneration(db, this.projection, 1);
        await db.query(
          'INSERT INTO read_models.projections (name, live_generation, live_version) VALUES ($1, 1, $2)',
          [name, this.projection.version],
        );
        await resetCheckpoint(db, name, 1);
        this.#logger.info({ generation: 1 }, 'projection created');
      }
      await db.query('COMMIT');
    } catch (error) {
      await db.query('ROLLBACK').catch(() => {});
      throw error;
    }
    return this.#registry(db);
  }

  /** Resumes an unfinished rebuild of this version, or starts a fresh generation. */
  async #prepareRebuild(db: pg.ClientBase, row: RegistryRow): Promise<number> {
    const name = this.projection.name;
    const resumable =
      row.building_generation !== null && row.building_version === this.projection.version && row.rebuild_requested_at === null;
    if (resumable) {
      this.#logger.info({ generation: row.building_generation }, 'resuming projection rebuild');
      return row.building_generation!;
    }
    const generation = Math.max(row.live_generation, row.building_generation ?? 0) + 1;
    await db.query('BEGIN');
    try {
      if (row.building_generation !== null) {
        await dropGeneration(db, this.projection, row.building_generation);
        await dropGenerationMarks(db, name, row.building_generation);
        await db.query('DELETE FROM read_models.projection_checkpoints WHERE projection = $1 AND generation = $2', [name, row.building_generation]);
      }
      await createGeneration(db, this.projection, generation, { withQueryIndexes: false });
      await resetCheckpoint(db, name, generation);
      await db.query(
        `UPDATE read_models.projections SET building_generation = $2, building_version = $3, rebuild_requested_at = NULL,
         updated_at = now() WHERE name = $1`,
        [name, generation, this.projection.version],
      );
      await db.query('COMMIT');
    } catch (error) {
      await db.query('ROLLBACK').catch(() => {});
      throw error;
    }
    this.#logger.info({ generation, version: this.projection.version }, 'projection rebuild started');
    return generation;
  }

  /**
   * Called by the building follower each time it may have caught up. The first call creates the generation's query
   * indexes. It swaps, but only once the building follower has processed everything
   * the live generation has (its stored checkpoint, and its follower's position) and what the store shows as its head,
   * so queries never see the read model go back. The live follower stops first; if it got further meanwhile, the swap
   * waits for the next call.
   */
  async #swapWhenCaughtUp(building: GenerationFollower): Promise<void> {
    if (this.#building !== building) return;
    if (this.#indexed !== building) {
      // Events appended meanwhile put the head beyond the follower: the check below then waits for the next call.
      await building.transaction((db) => createQueryIndexes(db, this.projection, building.generation));
      this.#indexed = building;
    }
    const live = this.#live;
    const stored = () => liveCheckpoint(building.connection, this.projection.name);
    const targets = [await this.#store.headPosition(), await stored(), live?.position ?? null];
    if (!targets.every((target) => reached(building.position, target))) return;
    await live?.stop();
    if (!reached(building.position, await stored())) return;
    const old = await building.transaction(async (db) => {
      const row = await this.#registry(db, true);
      if (row.building_generation !== building.generation) throw new Error('the registry no longer names this rebuild');
      await exposeGeneration(db, this.projection, building.generation);
      await db.query(
        `UPDATE read_models.projections SET live_generation = $2, live_version = $3, building_generation = NULL,
         building_version = NULL, swapped_at = now(), updated_at = now() WHERE name = $1`,
        [this.projection.name, building.generation, this.projection.version],
      );
      return row.live_generation;
    });
    this.#live = building;
    this.#building = null;
    if (live) await this.#endFollowerConnection(live);
    this.#logger.info({ generation: building.generation, dropped: old }, 'projection generation swapped in');
    await building.transaction(async (db) => {
      await dropGeneration(db, this.projection, old);
      await dropGenerationMarks(db, this.projection.name, old);
      await db.query('DELETE FROM read_models.projection_checkpoints WHERE projection = $1 AND generation = $2', [this.projection.name, old]);
    });
  }
}

/** Whether a follower at `position` has processed `target` (null: nothing, which everything has reached). */
const reached = (position: Position | null, target: Position | null): boolean =>
  target === null || (position !== null && comparePositions(position, target) >= 0);

const resetCheckpoint = async (db: pg.ClientBase, projection: string, generation: number): Promise<void> => {
  await db.query(
    `INSERT INTO read_models.projection_checkpoints (projection, generation) VALUES ($1, $2)
     ON CONFLICT (projection, generation) DO UPDATE SET position = NULL, events_processed = 0,
       last_event_recorded_at = NULL, started_at = now(), updated_at = now()`,
    [projection, generation],
  );
};
