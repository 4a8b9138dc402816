import type pg from 'pg';
import type { Logger } from 'pino';
import type { EventStore, Position } from '#libs/event-store/event-store.port.js';
import { parsePosition } from '#libs/event-store/position.js';
import type { CaseProjection } from './case-projection.js';
import { assertProjectionShape } from './generations.js';
import { ProjectionRunner, type RunnerSettings } from './projection-runner.js';
import { migrateReadModels } from './schema.js';
import { waitForPosition } from './wait-for-position.js';

export const DEFAULT_RUNNER_SETTINGS: RunnerSettings = {
  lockRetryMs: 1000,
  controlIntervalMs: 500,
  catchUp: { maxEvents: 20_000, maxWaitMs: 200 },
  live: { maxEvents: 2_000, maxWaitMs: 0 },
  historyCacheEvents: 100_000,
};

export interface StartProjectionsOptions {
  /** Its connection settings open the runtime's own connections (one lock and one writer per projection). */
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly projections: readonly CaseProjection[];
  readonly logger: Logger;
  readonly settings?: Partial<RunnerSettings>;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  /** Whether this process holds the projection's lock (another process may run it instead). */
  readonly leading: boolean;
  readonly rebuilding: { generation: number; eventsProcessed: number } | null;
  /** Cases the live generation could not handle (`read_models.failing_cases`), when this process leads. */
  readonly failingCases: number;
}

export interface ProjectionRuntime {
  /** Resolves once the projection's live generation has processed `position` (text `<commit>-<prepare>` or a Position). */
  waitFor(name: string, position: Position | string, timeoutMs?: number): Promise<void>;
  status(): ProjectionStatus[];
  stop(): Promise<void>;
}

/**
 * Starts a runner per projection: each takes the projection's lock when it is free (or waits for it), creates or
 * rebuilds its tables as needed and keeps them up to date from the event store.
 */
export const startProjections = async (options: StartProjectionsOptions): Promise<ProjectionRuntime> => {
  const { pool, store, projections, logger } = options;
  const names = new Set<string>();
  for (const projection of projections) {
    assertProjectionShape(projection);
    if (names.has(projection.name)) throw new Error(`two projections are named ${projection.name}`);
    names.add(projection.name);
  }
  await migrateReadModels(pool);
  const settings = { ...DEFAULT_RUNNER_SETTINGS, ...options.settings };
  const runners = projections.map((projection) => new ProjectionRunner(pool.options, store, projection, logger, settings));
  for (const runner of runners) runner.start();
  return {
    async waitFor(name, position, timeoutMs = 30_000) {
      if (!names.has(name)) throw new Error(`unknown projection ${name}`);
      const target = typeof position === 'string' ? parsePosition(position) : position;
      if (!target) throw new Error(`invalid position ${String(position)}`);
      if (!(await waitForPosition(pool, name, target, timeoutMs))) {
        throw new Error(`projection ${name} did not reach ${String(position)} within ${timeoutMs} ms`);
      }
    },
    status: () =>
      runners.map((runner) => ({
        name: runner.projection.name,
        version: runner.projection.version,
        leading: runner.leading,
        rebuilding: runner.rebuilding,
        failingCases: runner.failingCases,
      })),
    async stop() {
      await Promise.all(runners.map((runner) => runner.stop()));
    },
  };
};
