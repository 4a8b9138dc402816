import type { FastifyReply } from 'fastify';
import type pg from 'pg';
import { parsePosition } from '#libs/event-store/position.js';
import { waitForPosition } from '#libs/projections/runtime/wait-for-position.js';
import { ProblemException } from '../http/problem.exception.js';

const UNDEFINED_TABLE = '42P01';

/**
 * api.md, Queries: with `?minPosition=` the answer waits (up to 2 s) until the projection has processed that
 * position; past that it is a 503 with Retry-After. `minPosition` is already validated as `<commit>-<prepare>`.
 */
export const awaitProjectionPosition = async (
  pool: pg.Pool,
  projection: string,
  minPosition: string | undefined,
  reply: FastifyReply,
): Promise<void> => {
  if (minPosition === undefined) return;
  if (!(await waitForPosition(pool, projection, parsePosition(minPosition)!))) {
    void reply.header('retry-after', '1');
    throw ProblemException.of(503, `The ${projection} projection has not reached minPosition yet; retry shortly`);
  }
};

/** A read model that does not exist yet (its projection has never run) answers 503, not 500. */
export const readProjection = async <T>(reply: FastifyReply, projection: string, query: () => Promise<T>): Promise<T> => {
  try {
    return await query();
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== UNDEFINED_TABLE) throw error;
    void reply.header('retry-after', '1');
    throw ProblemException.of(503, `The ${projection} read model is being built; retry shortly`);
  }
};
