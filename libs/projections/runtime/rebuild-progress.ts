import type pg from 'pg';

export interface RebuildProgress {
  readonly projection: string;
  /** The generation being built; null once swapped in. */
  readonly generation: number | null;
  readonly eventsProcessed: number;
  /** Case events in the store when the watch started (the rebuild replays at least these). */
  readonly eventsTotal: number;
  readonly percent: number;
  /** Over the last few seconds. */
  readonly eventsPerSecond: number;
  readonly secondsLeft: number | null;
  readonly done: boolean;
}

export interface WatchRebuildOptions {
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Case events in the PostgreSQL store. */
export const caseEventCount = async (db: pg.Pool): Promise<number> => {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM event_store.events WHERE starts_with(stream_name, 'case-')`,
  );
  return Number(rows[0]!.n);
};

/**
 * Follows a rebuild that has been requested (or started by a new version) until its generation is swapped in, reporting
 * progress from the building generation's checkpoint. Resolves with the last progress; the rebuild runs in whichever
 * process holds the projection's lock.
 */
export const watchRebuild = async (
  db: pg.Pool,
  projection: string,
  since: Date,
  options: WatchRebuildOptions = {},
): Promise<RebuildProgress> => {
  const intervalMs = options.intervalMs ?? 500;
  const deadline = Date.now() + (options.timeoutMs ?? Infinity);
  const eventsTotal = await caseEventCount(db);
  const samples: { at: number; processed: number }[] = [];
  for (;;) {
    const { rows } = await db.query<{
      building_generation: number | null;
      rebuild_requested_at: Date | null;
      swapped_at: Date | null;
      processed: string | null;
    }>(
      `SELECT p.building_generation, p.rebuild_requested_at, p.swapped_at, c.events_processed AS processed
       FROM read_models.projections p
       LEFT JOIN read_models.projection_checkpoints c ON c.projection = p.name AND c.generation = p.building_generation
       WHERE p.name = $1`,
      [projection],
    );
    const row = rows[0];
    const done = !!row && row.building_generation === null && row.rebuild_requested_at === null && !!row.swapped_at && row.swapped_at >= since;
    const processed = done ? Math.max(eventsTotal, samples.at(-1)?.processed ?? 0) : Number(row?.processed ?? 0);
    const now = Date.now();
    samples.push({ at: now, processed });
    while (samples.length > 2 && now - samples[0]!.at > 5000) samples.shift();
    const first = samples[0]!;
    const eventsPerSecond = now > first.at ? ((processed - first.processed) * 1000) / (now - first.at) : 0;
    const progress: RebuildProgress = {
      projection,
      generation: done ? null : (row?.building_generation ?? null),
      eventsProcessed: processed,
      eventsTotal,
      percent: done ? 100 : eventsTotal === 0 ? 0 : Math.min(99.9, (100 * processed) / eventsTotal),
      eventsPerSecond,
      secondsLeft: done ? 0 : eventsPerSecond > 0 ? Math.max(0, (eventsTotal - processed) / eventsPerSecond) : null,
      done,
    };
    options.onProgress?.(progress);
    if (done) return progress;
    if (Date.now() > deadline) throw new Error(`the rebuild of ${projection} did not finish in time`);
    await sleep(intervalMs);
  }
};
