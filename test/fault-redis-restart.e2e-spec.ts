import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import { loadOrCreateDevKeys } from '#libs/auth/dev-keys.js';
import { signDevToken } from '#libs/auth/dev-token.js';
import { DEADLINE_QUEUE } from '#libs/deadline-timer/deadline-queue.js';
import { heartbeatKey } from '#libs/queues/heartbeat.js';
import { spawnApi, stopProcess, type SpawnedApi } from '#libs/testing/running-api.js';
import { startPrivatePostgres, startPrivateRedis, type PrivatePostgres, type PrivateRedis } from './support/private-servers.js';
import { startWorkerProcess, type RunningWorker } from './support/running-worker.js';
import { HOSPITAL, sample, samplePatient, type Body } from './support/sample-cases.js';
import { elapsed, waitUntil } from './support/wait-until.js';

/**
 * Fault: Redis (a private server) loses every key and restarts while deadlines wait in it as delayed jobs. The
 * Deadline read model is the truth: once Redis is back the worker re-adds a job for every open deadline, and each
 * fires (recorded missed once) at its due instant; the worker's heartbeat comes back. While Redis is down, commands
 * (which need only PostgreSQL) are still recorded, and nothing waits on Redis past a bound.
 */

const REGULATION = { rulesVersion: 'fault-tests', deadlines: { visit: { unit: 'hours', amount: 24 } } };
const DEADLINES = 30;
const PREFIX = 'overgang-fault-redis';
/** Longer than the bound below: a request that waits for Redis to come back fails it. */
const DOWN_MS = 8_000;
const ANSWER_BOUND_MS = 5_000;

let postgres: PrivatePostgres;
let redis: PrivateRedis;
let keyDir: string;
let api: SpawnedApi;
let worker: RunningWorker;
let db: pg.Pool;
let hospitalToken: string;

/** The deadline ids (of `ids`) that have a job in the queue, in any state. */
const jobsOf = async (ids: readonly string[]): Promise<Set<string>> => {
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  try {
    const exists = await Promise.all(ids.map((id) => client.exists(`${PREFIX}:${DEADLINE_QUEUE}:${id}`)));
    return new Set(ids.filter((_, i) => exists[i] === 1));
  } finally {
    client.disconnect();
  }
};

const misses = async (): Promise<Map<string, number>> => {
  const { rows } = await db.query<{ id: string; n: number }>(
    `SELECT data->>'deadlineId' AS id, count(*)::int AS n FROM event_store.events WHERE event_type = 'DeadlineMissed' GROUP BY 1`,
  );
  return new Map(rows.map((row) => [row.id, row.n]));
};

const waitFor = (what: string, done: () => Promise<boolean>, timeoutMs: number): Promise<number> =>
  elapsed(() => waitUntil(what, done, timeoutMs, () => `worker:\n${worker.output().slice(-3000)}`));

const timed = async (path: string, init: RequestInit = {}): Promise<{ status: number; ms: number }> => {
  const started = performance.now();
  const response = await fetch(`${api.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(ANSWER_BOUND_MS * 3) }).catch(() => null);
  await response?.arrayBuffer();
  return { status: response?.status ?? 0, ms: Math.round(performance.now() - started) };
};

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  const databaseUrl = await postgres.createDatabase('overgang_fault_redis');
  keyDir = await mkdtemp(join(tmpdir(), 'overgang-fault-keys-'));
  hospitalToken = await signDevToken((await loadOrCreateDevKeys(keyDir)).privateKey, { role: 'hospital_staff', org: HOSPITAL.orgNumber, sub: 'sykehus' });
  const env = {
    REDIS_URL: redis.url,
    QUEUE_PREFIX: PREFIX,
    REGULATION_CONFIG: JSON.stringify(REGULATION),
    // No periodic pass within the test: only what reacts to Redis coming back can put the jobs back.
    DEADLINE_RECONCILE_EVERY_MS: '600000',
  };
  api = await spawnApi(databaseUrl, keyDir, env);
  worker = startWorkerProcess({ ...env, DATABASE_URL: databaseUrl, ALLOW_SYNTHETIC_IDS: 'true' });
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
}, 60_000);

afterAll(async () => {
  await worker?.stop('SIGKILL');
  if (api) await stopProcess(api.process);
  await db?.end();
  await Promise.all([postgres?.remove(), redis?.remove()]);
  await rm(keyDir, { recursive: true, force: true });
});

it('re-adds a job for every open deadline once Redis is back empty, and fires each once', async () => {
  // Cases whose visit deadline (24 h after the notice) falls due 25–32 s from now: after Redis is back.
  const dueAt = new Map<string, number>();
  const admit = (body: Body) =>
    fetch(`${api.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hospitalToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  for (let n = 0; n < DEADLINES; n++) {
    const due = Date.now() + 25_000 + n * 250;
    const noticedAt = new Date(due - 24 * 3600_000);
    const caseId = randomUUID();
    const answer = await admit(
      sample.admission({ caseId, patient: samplePatient(n), admittedAt: new Date(noticedAt.getTime() - 3600_000).toISOString(), occurredAt: noticedAt.toISOString() }),
    );
    expect(answer.status).toBe(201);
    dueAt.set(`${caseId}.visit.0`, due);
  }
  const ids = [...dueAt.keys()];
  let scheduled = new Set<string>();
  await waitFor('every deadline scheduled', async () => {
    scheduled = await jobsOf(ids);
    return scheduled.size === ids.length;
  }, 30_000);
  // The timer's first reconcile pass (a second after it found the read model) is long over.
  await sleep(3000);

  // Redis loses everything and is down for a while; commands still go through PostgreSQL.
  let backAt = 0;
  let jobsAfterRestart = -1;
  const outage = redis.flushAndRestart(DOWN_MS).then(async () => {
    backAt = performance.now();
    jobsAfterRestart = (await jobsOf(ids)).size;
  });
  await sleep(500);
  // A command, and the health and metrics endpoints (which read Redis): all answer, none waits for Redis.
  const during = await Promise.all([
    timed('/api/v1/cases', {
      method: 'POST',
      headers: { authorization: `Bearer ${hospitalToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(sample.admission({ caseId: randomUUID(), patient: samplePatient(99) })),
    }),
    timed('/health'),
    timed('/metrics'),
  ]);
  await outage;

  const reconciledMs = await waitFor('a job again for every open deadline', async () => (await jobsOf(ids)).size === ids.length, 30_000);
  const firedWhenReconciled = [...(await misses()).keys()].filter((id) => dueAt.has(id)).length;
  await waitFor('every deadline fired', async () => {
    const recorded = await misses();
    return [...dueAt.keys()].every((id) => recorded.has(id));
  }, 45_000);
  const firedMs = Math.round(performance.now() - backAt);
  const heartbeatMs = await waitFor('the worker heartbeat', async () => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    client.on('error', () => {});
    try {
      return (await client.exists(heartbeatKey(PREFIX))) === 1;
    } finally {
      client.disconnect();
    }
  }, 30_000);

  const recorded = await misses();
  const duplicates = [...recorded.values()].filter((n) => n > 1).length;
  const { rows } = await db.query<{ id: string; recorded_at: Date }>(
    `SELECT data->>'deadlineId' AS id, recorded_at FROM event_store.events WHERE event_type = 'DeadlineMissed'`,
  );
  const lateness = rows.map((row) => row.recorded_at.getTime() - dueAt.get(row.id)!);
  const figures = {
    deadlines: DEADLINES,
    scheduledBefore: scheduled.size,
    jobsRightAfterRestart: jobsAfterRestart,
    firedWhenReconciled,
    duringOutage: during,
    reconciledMsAfterRedisBack: reconciledMs,
    allFiredMsAfterRedisBack: firedMs,
    maxLatenessMs: Math.max(...lateness),
    duplicates,
    heartbeatBackMs: heartbeatMs,
  };
  console.log(`fault: Redis flushed and restarted ${JSON.stringify(figures)}`);

  const [command, health, metrics] = during;
  expect(jobsAfterRestart).toBe(0);
  expect(command!.status).toBe(201);
  expect(health!.status).toBe(503);
  expect(metrics!.status).toBe(200);
  for (const answer of during) expect(answer.ms).toBeLessThan(ANSWER_BOUND_MS);
  expect([...recorded.keys()].filter((id) => dueAt.has(id)).sort()).toEqual([...dueAt.keys()].sort());
  expect(duplicates).toBe(0);
  expect(Math.min(...lateness)).toBeGreaterThanOrEqual(0);
}, 150_000);
