import type pg from 'pg';
import type { Migration } from '#libs/postgres/migrate.js';

export const API_SCHEMA = 'api';

export const API_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'idempotency keys',
    sql: `
      CREATE TABLE api.idempotency_keys (
        principal    text NOT NULL,
        key          text NOT NULL,
        request_hash text NOT NULL,
        status_code  integer,
        response     jsonb,
        created_at   timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz NOT NULL,
        PRIMARY KEY (principal, key)
      );
      CREATE INDEX idempotency_keys_expiry ON api.idempotency_keys (expires_at);`,
  },
];

export type Claim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'completed'; readonly statusCode: number; readonly response: unknown }
  | { readonly kind: 'in_progress' }
  | { readonly kind: 'mismatch' };

interface Row {
  request_hash: string;
  status_code: number | null;
  response: unknown;
  abandoned: boolean;
}

/**
 * How long a claim may stay unanswered before another request with the key takes it over: its process most likely
 * died (a crash, a kill, a lost database connection) between claiming and answering. Taking over is safe even when it
 * did not: the events carry the command's id, so the command is recorded once (CaseCommands, `commandId`).
 */
const CLAIM_LEASE_SECONDS = 10;

/**
 * Keys are scoped to the caller, kept with a hash of the request and its first successful answer. `created_at` is when
 * the key was last claimed.
 */
export class IdempotencyStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly ttlSeconds = 24 * 3600,
  ) {}

  async claim(principal: string, key: string, requestHash: string): Promise<Claim> {
    const inserted = await this.pool.query(
      `WITH expired AS (
         DELETE FROM api.idempotency_keys WHERE principal = $1 AND key = $2 AND expires_at < now()
       )
       INSERT INTO api.idempotency_keys (principal, key, request_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))
       ON CONFLICT (principal, key) DO NOTHING`,
      [principal, key, requestHash, this.ttlSeconds],
    );
    if (inserted.rowCount === 1) return { kind: 'claimed' };
    const { rows } = await this.pool.query<Row>(
      `SELECT request_hash, status_code, response, created_at < now() - make_interval(secs => $3) AS abandoned
       FROM api.idempotency_keys WHERE principal = $1 AND key = $2`,
      [principal, key, CLAIM_LEASE_SECONDS],
    );
    const row = rows[0];
    if (!row) return this.claim(principal, key, requestHash);
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.status_code === null) return row.abandoned && (await this.takeOver(principal, key)) ? { kind: 'claimed' } : { kind: 'in_progress' };
    return { kind: 'completed', statusCode: row.status_code, response: row.response };
  }

  /** Claims a key whose claim has gone unanswered past the lease; false when another request took it first. */
  private async takeOver(principal: string, key: string): Promise<boolean> {
    const taken = await this.pool.query(
      `UPDATE api.idempotency_keys SET created_at = now()
       WHERE principal = $1 AND key = $2 AND status_code IS NULL AND created_at < now() - make_interval(secs => $3)`,
      [principal, key, CLAIM_LEASE_SECONDS],
    );
    return taken.rowCount === 1;
  }

  async complete(principal: string, key: string, statusCode: number, response: unknown): Promise<void> {
    await this.pool.query(
      'UPDATE api.idempotency_keys SET status_code = $3, response = $4 WHERE principal = $1 AND key = $2',
      [principal, key, statusCode, JSON.stringify(response)],
    );
  }

  /** A request that failed leaves nothing behind: the client may retry it with the same key. */
  async release(principal: string, key: string): Promise<void> {
    await this.pool.query('DELETE FROM api.idempotency_keys WHERE principal = $1 AND key = $2 AND status_code IS NULL', [
      principal,
      key,
    ]);
  }
}
