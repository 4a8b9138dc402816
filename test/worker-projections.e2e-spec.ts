import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { caseHistory } from '#libs/domain/participation/testing/case-history.js';
import { createPostgresEventStore } from '#libs/event-store/postgres/postgres-event-store.js';
import { waitForPosition } from '#libs/projections/runtime/wait-for-position.js';
import { createTestDatabase } from '#libs/testing/postgres.js';

/** The built worker runs every registered projection from DATABASE_URL, and stops cleanly. */
it('keeps the read models up to date from the event store, and stops on SIGTERM', async () => {
  const database = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  pool.on('error', () => {});
  const store = await createPostgresEventStore({ pool });
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `overgang-test-${randomBytes(4).toString('hex')}`;
  const worker = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
    env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'test', DATABASE_URL: database.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn' },
    stdio: 'inherit',
  });
  try {
    const caseId = randomUUID();
    const history = caseHistory({ caseId }).admitted().readyForDischarge().decided('home_care').build();
    const { position } = await store.appendToStream(
      `case-${caseId}`,
      history.map((record) => ({
        eventId: randomUUID(),
        type: record.type,
        data: record.data,
        metadata: { occurredAt: record.occurredAt, actor: { id: 't', role: 'hospital_staff', organisation: '983974805' }, correlationId: randomUUID(), causationId: null, schemaVersion: 1 },
      })),
      { expectedRevision: 'no_stream' },
    );
    for (const projection of ['case_summary', 'participation']) {
      expect(await waitForPosition(pool, projection, position, 20_000)).toBe(true);
    }
    // The worker's deadline timers may record more facts of the case meanwhile: the summary is at least this far.
    const { rows } = await pool.query('SELECT case_id, status, revision FROM read_models.case_summaries');
    expect(rows).toEqual([{ case_id: caseId, status: 'decided', revision: expect.any(Number) }]);
    expect(rows[0].revision).toBeGreaterThanOrEqual(history.length - 1);
  } finally {
    const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve));
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    await store.close();
    await pool.end();
    await database.drop();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}, 40_000);
