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

export const connectPostgres = async (databaseUrl: string, max = 20): Promise<pg.Pool> => {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: 5000 });
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

/** Redis reconnects by itself; while it is down, health says so and the log says it once per outage. */
export const connectRedis = (redisUrl: string, logger: Logger): Redis => {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
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
