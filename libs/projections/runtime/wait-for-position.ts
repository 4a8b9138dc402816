import type pg from 'pg';
import type { Position } from '#libs/event-store/event-store.port.js';
import { comparePositions, parsePosition } from '#libs/event-store/position.js';

export const DEFAULT_MIN_POSITION_WAIT_MS = 2000;
const POLL_MS = 10;

/** The position up to which a projection's live generation is complete; null when it has processed nothing. */
export const liveCheckpoint = async (db: pg.Pool | pg.ClientBase, projection: string): Promise<Position | null> => {
  const { rows } = await db.query<{ position: string | null }>(
    {
      name: 'projection_live_checkpoint',
      text: `SELECT c.position FROM read_models.projections p
             JOIN read_models.projection_checkpoints c ON c.projection = p.name AND c.generation = p.live_generation
             WHERE p.name = $1`,
    },
    [projection],
  );
  const text = rows[0]?.position ?? null;
  return text === null ? null : parsePosition(text);
};

/**
 * Waits until the projection's live generation has processed `position` (read your own writes), polling its
 * checkpoint; false when it has not within `timeoutMs`. Works in any process, whichever one runs the projection.
 */
export const waitForPosition = async (
  db: pg.Pool | pg.ClientBase,
  projection: string,
  position: Position,
  timeoutMs = DEFAULT_MIN_POSITION_WAIT_MS,
): Promise<boolean> => {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const checkpoint = await liveCheckpoint(db, projection).catch(() => null);
    if (checkpoint && comparePositions(checkpoint, position) >= 0) return true;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, left)));
  }
};
