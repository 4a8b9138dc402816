import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { dumbo, exists, rawSql, type Dumbo } from '@event-driven-io/dumbo';
import { getPostgreSQLEventStore, readMessagesBatch, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';

/**
 * Emmett, the peer the benchmarks measure ours against: its PostgreSQL event store as its documentation sets it up,
 * on a pg pool of the same size as ours. Load it only in a process of its own (`../peer-process.ts`): its connection
 * layer (dumbo) sets pg's type parsers for the whole process, jsonb and int8 included.
 */
export interface Emmett {
  readonly store: PostgresEventStore;
  readonly db: Dumbo;
  /**
   * For the bench's own statements (copies, counts, VACUUM), on connections Emmett never uses: dumbo's advisory lock
   * leaves `statement_timeout = 10s` set on each pooled connection it took the lock on.
   */
  readonly admin: pg.Pool;
  close(): Promise<void>;
}

export const openEmmett = async (connectionString: string, connections: number): Promise<Emmett> => {
  const pool = new pg.Pool({ connectionString, max: connections });
  pool.on('error', () => {});
  const db = dumbo({ connectionString, pool });
  const admin = new pg.Pool({ connectionString, max: 2 });
  admin.on('error', () => {});
  const store = getPostgreSQLEventStore(connectionString, { connectionOptions: { dumbo: db } });
  await store.schema.migrate();
  // 0.42.0's emt_messages has no index but its primary key (stream, position), so every batch a consumer reads
  // scans and sorts the whole table. These are the two indexes Emmett's 0.42.3 backport (pull request #379) adds.
  await admin.query('CREATE INDEX IF NOT EXISTS emt_messages_global_position ON emt_messages (global_position)');
  await admin.query('CREATE INDEX IF NOT EXISTS emt_messages_transaction_order ON emt_messages (transaction_id, global_position)');
  return {
    store,
    db,
    admin,
    close: async () => {
      await store.close();
      await pool.end();
      await admin.end();
    },
  };
};

export const emmettVersion = async (): Promise<string> => {
  const manifest = await readFile('node_modules/@event-driven-io/emmett-postgresql/package.json', 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
};

/**
 * Reads every event from the start with `readMessagesBatch`, the query Emmett's consumers poll with, `batchSize`
 * a query, until `total` are read or none is left beyond the cursor; answers how many were read. An empty batch with
 * events beyond the cursor means they are not visible yet (a transaction older than theirs is still open somewhere on
 * the server): it polls again, as Emmett's consumer would. Events it passes over (below the cursor but never
 * returned) are not counted.
 */
export const readAllEmmett = async (
  db: Dumbo,
  total: number,
  batchSize: number,
  onProgress: (seen: number) => void = () => {},
): Promise<number> => {
  let after = 0n;
  let seen = 0;
  while (seen < total) {
    const { messages, currentGlobalPosition } = await readMessagesBatch(db.execute, { after, batchSize });
    if (messages.length === 0) {
      const more = await exists(db.execute.query(rawSql(`SELECT EXISTS (SELECT 1 FROM emt_messages WHERE global_position > ${after}) AS exists`)));
      if (!more) break;
      await sleep(5);
      continue;
    }
    seen += messages.length;
    onProgress(seen);
    after = currentGlobalPosition;
  }
  return Math.min(seen, total);
};
