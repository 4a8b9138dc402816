import { Redis } from 'ioredis';
import pg from 'pg';
import type { Logger } from 'pino';

/** A dependency that could not be reached at start-up: reported as one line, not a stack trace. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

const describeServer = (connectionString: string): string => {
  const url = new URL(connectionString);
  return `${url.hostname}:${url.port || 'default port'}${url.pathname}`;
};

/**
 * A pool whose idle connections may drop at any time (PostgreSQL restarted, failed over, a network cut): each such drop
 * is an `error` event, which without a listener would end the process. The pool discards the connection and opens new
 * ones as requests need them; requests meanwhile fail and answer 503 (see ProblemFilter).
 */
export const connectPostgres = async (databaseUrl: string, logger: Logger, max = 20): Promise<pg.Pool> => {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: 5000 });
  let warnedAt = 0;
  pool.on('error', (error: Error) => {
    if (Date.now() - warnedAt < 10_000) return;
    warnedAt = Date.now();
    logger.warn({ postgres: describeServer(databaseUrl), error: error.message }, 'PostgreSQL connection lost');
  });
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StartupError(
      `Cannot reach PostgreSQL at ${describeServer(databaseUrl)} (DATABASE_URL): ${(error as Error).message || String(error)}`,
    );
  }
  return pool;
};

/**
 * Redis reconnects by itself; while it is down, health says so and the log says it once per outage. The API runs no
 * BullMQ worker, only reads (health, metrics, the queue dashboard), so a command fails at once while Redis is away
 * instead of waiting for it to come back: /health and /metrics answer, in bounded time, whatever Redis does.
 */
export const connectRedis = (redisUrl: string, logger: Logger): Redis => {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) logger.warn({ redis: describeServer(redisUrl), error: error.message }, 'Redis unreachable');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('Redis reachable again');
    down = false;
  });
  return redis;
};
