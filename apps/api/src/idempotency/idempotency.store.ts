import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Principal } from '#libs/auth/principal.js';
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
  {
    // Keys belong to the caller, its role and organisation with its person. A key recorded before knew only the
    // person: it keeps that meaning (role and organisation '' match any of that person's) until it expires.
    version: 2,
    name: 'idempotency keys per caller, with claims that lapse',
    sql: `
      ALTER TABLE api.idempotency_keys RENAME COLUMN principal TO sub;
      ALTER TABLE api.idempotency_keys
        ADD COLUMN role text NOT NULL DEFAULT '',
        ADD COLUMN org text NOT NULL DEFAULT '',
        ADD COLUMN claim_id uuid,
        ADD COLUMN claimed_at timestamptz;
      UPDATE api.idempotency_keys SET claimed_at = created_at;
      ALTER TABLE api.idempotency_keys
        ALTER COLUMN role DROP DEFAULT,
        ALTER COLUMN org DROP DEFAULT,
        ALTER COLUMN claimed_at SET NOT NULL,
        DROP CONSTRAINT idempotency_keys_pkey,
        ADD PRIMARY KEY (sub, role, org, key);`,
  },
];

/** The caller a key belongs to: the same person in another role or organisation is another caller. */
export type Caller = Pick<Principal, 'sub' | 'role' | 'org'>;

export type Claim =
  | { readonly kind: 'claimed'; readonly claimId: string }
  | { readonly kind: 'completed'; readonly statusCode: number; readonly response: unknown }
  | { readonly kind: 'in_progress' }
  | { readonly kind: 'mismatch' };

interface Row {
  request_hash: string;
  status_code: number | null;
  response: unknown;
}

export interface IdempotencySettings {
  /** How long a key answers with its first answer. */
  readonly ttlSeconds: number;
  /** How long a claim whose request never finished (a crashed process) holds the key. */
  readonly claimSeconds: number;
}

export const IDEMPOTENCY_SETTINGS: IdempotencySettings = { ttlSeconds: 24 * 3600, claimSeconds: 60 };

/**
 * Keys per caller, kept with a hash of the request and its first successful answer. A key is claimed while its
 * first request runs; a claim that lapses (the request never finished) and a key that expired are free again.
 */
export class IdempotencyStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly settings: IdempotencySettings = IDEMPOTENCY_SETTINGS,
  ) {}

  async claim(caller: Caller, key: string, requestHash: string): Promise<Claim> {
    const claimId = randomUUID();
    const { rows: claimed } = await this.pool.query(
      `WITH legacy AS (
         SELECT 1 FROM api.idempotency_keys
         WHERE sub = $1 AND role = '' AND org = '' AND key = $4 AND expires_at > now()
           AND (status_code IS NOT NULL OR claimed_at > now() - make_interval(secs => $7))
       )
       INSERT INTO api.idempotency_keys AS k (sub, role, org, key, request_hash, claim_id, claimed_at, created_at, expires_at)
       SELECT $1, $2, $3, $4, $5, $6, now(), now(), now() + make_interval(secs => $8)
       WHERE NOT EXISTS (SELECT 1 FROM legacy)
       ON CONFLICT (sub, role, org, key) DO UPDATE
         SET request_hash = excluded.request_hash, claim_id = excluded.claim_id, claimed_at = excluded.claimed_at,
             created_at = excluded.created_at, expires_at = excluded.expires_at, status_code = NULL, response = NULL
         WHERE k.expires_at <= now() OR (k.status_code IS NULL AND k.claimed_at <= now() - make_interval(secs => $7))
       RETURNING claim_id`,
      [caller.sub, caller.role, caller.org, key, requestHash, claimId, this.settings.claimSeconds, this.settings.ttlSeconds],
    );
    if (claimed.length === 1) return { kind: 'claimed', claimId };
    const { rows } = await this.pool.query<Row>(
      `SELECT request_hash, status_code, response FROM api.idempotency_keys
       WHERE sub = $1 AND key = $4 AND ((role = $2 AND org = $3) OR (role = '' AND org = '')) AND expires_at > now()
       ORDER BY role DESC
       LIMIT 1`,
      [caller.sub, caller.role, caller.org, key],
    );
    const row = rows[0];
    // Gone between the two statements (expired, released): claim again.
    if (!row) return this.claim(caller, key, requestHash);
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.status_code === null) return { kind: 'in_progress' };
    return { kind: 'completed', statusCode: row.status_code, response: row.response };
  }

  /** Records the first answer, unless the claim lapsed and another request holds the key now. */
  async complete(caller: Caller, key: string, claimId: string, statusCode: number, response: unknown): Promise<void> {
    await this.pool.query(
      `UPDATE api.idempotency_keys SET status_code = $6, response = $7
       WHERE sub = $1 AND role = $2 AND org = $3 AND key = $4 AND claim_id = $5`,
      [caller.sub, caller.role, caller.org, key, claimId, statusCode, JSON.stringify(response)],
    );
  }

  /** A request that failed leaves nothing behind: the client may retry it with the same key. */
  async release(caller: Caller, key: string, claimId: string): Promise<void> {
    await this.pool.query(
      `DELETE FROM api.idempotency_keys
       WHERE sub = $1 AND role = $2 AND org = $3 AND key = $4 AND claim_id = $5 AND status_code IS NULL`,
      [caller.sub, caller.role, caller.org, key, claimId],
    );
  }

  /** Deletes at most `limit` expired keys; concurrent purges (several API processes) skip each other's rows. */
  async purgeExpired(limit: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM api.idempotency_keys WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM api.idempotency_keys WHERE expires_at <= now() LIMIT $1 FOR UPDATE SKIP LOCKED
       ))`,
      [limit],
    );
    return rowCount ?? 0;
  }
}
