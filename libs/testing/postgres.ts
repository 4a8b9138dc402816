import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server tests create their databases on: `TEST_DATABASE_URL`, else `DATABASE_URL`'s server, else local. */
export const testServerUrl = (): string =>
  process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/**
 * `pool.end()` resolves before its connections have closed. Forcing the drop while one still closes terminates
 * it, and its client reports that as an unhandled error in whichever test runs next in the same Jest worker.
 * So wait (briefly) for the server to see them go; FORCE is left for connections a test really leaked.
 */
const untilDisconnected = async (client: pg.Client, database: string, timeoutMs = 3_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database]);
    if (rows[0]!.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** A fresh, uniquely named database, so test files can run in parallel without sharing state. */
export const createTestDatabase = async (prefix = 'overgang_test'): Promise<TestDatabase> => {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: testServerUrl() });
      await client.connect();
      try {
        await untilDisconnected(client, name);
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
};
