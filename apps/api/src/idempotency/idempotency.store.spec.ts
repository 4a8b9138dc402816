import pg from 'pg';
import { migrate } from '#libs/postgres/migrate.js';
import { createTestDatabase, type TestDatabase } from '#libs/testing/postgres.js';
import { API_MIGRATIONS, API_SCHEMA, IdempotencyStore, type Caller } from './idempotency.store.js';

/** Against PostgreSQL, each test on its own fresh database. */
describe('IdempotencyStore', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let store: IdempotencyStore;

  const kari: Caller = { sub: 'kari', role: 'allocation_officer', org: '5001' };
  const kariElsewhere: Caller = { ...kari, org: '3301' };
  const kariAsAuditor: Caller = { ...kari, role: 'quality_auditor' };
  const answer = { caseId: '6f0c2a7e-1b4d-4c8e-9f3a-2d5b7e9c1a40', revision: 3 };

  beforeEach(async () => {
    database = await createTestDatabase('overgang_idempotency');
    pool = new pg.Pool({ connectionString: database.url, max: 4 });
    store = new IdempotencyStore(pool);
  });
  afterEach(async () => {
    await pool.end();
    await database.drop();
  });

  const ageRows = (sql: string): Promise<unknown> => pool.query(`UPDATE api.idempotency_keys SET ${sql}`);

  describe('with the current schema', () => {
    beforeEach(async () => {
      await migrate(pool, API_SCHEMA, API_MIGRATIONS);
    });

    it('answers a key with its first answer, and refuses it with another request', async () => {
      const claim = await store.claim(kari, 'k1', 'hash-a');
      if (claim.kind !== 'claimed') throw new Error(claim.kind);
      expect(await store.claim(kari, 'k1', 'hash-a')).toEqual({ kind: 'in_progress' });
      await store.complete(kari, 'k1', claim.claimId, 200, answer);
      expect(await store.claim(kari, 'k1', 'hash-a')).toEqual({ kind: 'completed', statusCode: 200, response: answer });
      expect(await store.claim(kari, 'k1', 'hash-b')).toEqual({ kind: 'mismatch' });
    });

    it("keeps each caller's keys apart: the same person in another organisation or role is another caller", async () => {
      const first = await store.claim(kari, 'k1', 'hash-a');
      await store.complete(kari, 'k1', (first as { claimId: string }).claimId, 200, answer);
      expect(await store.claim(kariElsewhere, 'k1', 'hash-a')).toMatchObject({ kind: 'claimed' });
      expect(await store.claim(kariAsAuditor, 'k1', 'hash-b')).toMatchObject({ kind: 'claimed' });
      expect(await store.claim({ ...kari, sub: 'ola' }, 'k1', 'hash-a')).toMatchObject({ kind: 'claimed' });
      expect(await store.claim(kari, 'k1', 'hash-a')).toMatchObject({ kind: 'completed' });
    });

    it('frees a key whose first request never finished once the claim lapses, and the lapsed request cannot complete it', async () => {
      const crashed = await store.claim(kari, 'k1', 'hash-a');
      await ageRows(`claimed_at = now() - interval '59 seconds'`);
      expect(await store.claim(kari, 'k1', 'hash-a')).toEqual({ kind: 'in_progress' });
      await ageRows(`claimed_at = now() - interval '61 seconds'`);
      const retry = await store.claim(kari, 'k1', 'hash-b');
      expect(retry).toMatchObject({ kind: 'claimed' });
      await store.complete(kari, 'k1', (crashed as { claimId: string }).claimId, 200, { stale: true });
      await store.release(kari, 'k1', (crashed as { claimId: string }).claimId);
      expect(await store.claim(kari, 'k1', 'hash-b')).toEqual({ kind: 'in_progress' });
      await store.complete(kari, 'k1', (retry as { claimId: string }).claimId, 200, answer);
      expect(await store.claim(kari, 'k1', 'hash-b')).toEqual({ kind: 'completed', statusCode: 200, response: answer });
    });

    it('lets a released key be used again at once', async () => {
      const claim = await store.claim(kari, 'k1', 'hash-a');
      await store.release(kari, 'k1', (claim as { claimId: string }).claimId);
      expect(await store.claim(kari, 'k1', 'hash-b')).toMatchObject({ kind: 'claimed' });
    });

    it('treats an expired key as never used, and purges expired keys a bounded batch at a time', async () => {
      const claim = await store.claim(kari, 'k1', 'hash-a');
      await store.complete(kari, 'k1', (claim as { claimId: string }).claimId, 200, answer);
      await ageRows(`expires_at = now() - interval '1 second'`);
      expect(await store.claim(kari, 'k1', 'hash-b')).toMatchObject({ kind: 'claimed' });

      await pool.query(
        `INSERT INTO api.idempotency_keys (sub, role, org, key, request_hash, claimed_at, expires_at)
         SELECT 'old', 'admin', '*', 'k' || n, 'h', now() - interval '2 days', now() - interval '1 day' FROM generate_series(1, 25) AS n`,
      );
      expect([await store.purgeExpired(10), await store.purgeExpired(10), await store.purgeExpired(10), await store.purgeExpired(10)]).toEqual([10, 10, 5, 0]);
      const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM api.idempotency_keys');
      expect(rows[0]!.n).toBe(1);
    });
  });

  it('keeps the meaning of keys recorded before keys were per caller: the same person still gets the first answer', async () => {
    await migrate(pool, API_SCHEMA, API_MIGRATIONS.filter((migration) => migration.version === 1));
    await pool.query(
      `INSERT INTO api.idempotency_keys (principal, key, request_hash, status_code, response, expires_at)
       VALUES ('kari', 'old-key', 'hash-a', 201, $1, now() + interval '1 hour'),
              ('kari', 'running', 'hash-a', NULL, NULL, now() + interval '1 hour')`,
      [JSON.stringify(answer)],
    );
    await migrate(pool, API_SCHEMA, API_MIGRATIONS);

    expect(await store.claim(kari, 'old-key', 'hash-a')).toEqual({ kind: 'completed', statusCode: 201, response: answer });
    expect(await store.claim(kariElsewhere, 'old-key', 'hash-a')).toEqual({ kind: 'completed', statusCode: 201, response: answer });
    expect(await store.claim(kari, 'old-key', 'hash-b')).toEqual({ kind: 'mismatch' });
    expect(await store.claim({ ...kari, sub: 'ola' }, 'old-key', 'hash-a')).toMatchObject({ kind: 'claimed' });
    // An old claim in progress lapses like a new one.
    expect(await store.claim(kari, 'running', 'hash-a')).toEqual({ kind: 'in_progress' });
    await ageRows(`claimed_at = now() - interval '61 seconds' WHERE role = ''`);
    expect(await store.claim(kari, 'running', 'hash-a')).toMatchObject({ kind: 'claimed' });
  });
});
