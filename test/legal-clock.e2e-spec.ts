import { randomBytes, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DEADLINE_QUEUE } from '#libs/deadline-timer/deadline-queue.js';
import { addCalendarDays, startOfOsloDay } from '#libs/domain/regulation/oslo-calendar.js';
import { ApiClient } from './support/api-client.js';
import { startApp, type RunningApp } from './support/running-app.js';
import { startWorkerProcess, type RunningWorker } from './support/running-worker.js';
import { waitUntil } from './support/wait-until.js';
import { HOSPITAL, MUNICIPALITY, OTHER_MUNICIPALITY, record, sample } from './support/sample-cases.js';

/**
 * The legal clock end to end: the built API and worker, a test clock (`CLOCK=offset:` puts "now" a few seconds before
 * an Oslo midnight; `CLOCK=fixed:` freezes it), the deadline read model, BullMQ on the local Redis under a prefix of
 * this file's own.
 */

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RATE_2023 = 5508;
const RATE_2024 = 5745;

/** Oslo wall-clock time `hh:mm` on `date`, as an instant. */
const oslo = (date: string, hhmm: string): string =>
  new Date(Date.parse(startOfOsloDay(date)) + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))) * 60_000).toISOString();

interface Stack {
  readonly api: RunningApp;
  readonly db: pg.Client;
  readonly hospital: ApiClient;
  readonly office: ApiClient;
  readonly env: Record<string, string>;
  worker: RunningWorker;
  /** Every DeadlineMissed in the store: deadline id → how many times it was recorded. */
  misses(): Promise<Map<string, number>>;
  deadlineStatus(deadlineId: string): Promise<string | undefined>;
  close(): Promise<void>;
}

const removeKeys = async (redis: Redis, prefix: string): Promise<number> => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  return keys.length;
};

/** The API on `clock`, then the worker on `workerClock()` (read once the API is up), both on one database and prefix. */
const startStack = async (clock: string, prefix: string, regulation?: object, workerClock = () => clock): Promise<Stack> => {
  const env = {
    CLOCK: clock,
    QUEUE_PREFIX: prefix,
    REDIS_URL,
    DEADLINE_RECONCILE_EVERY_MS: '60000',
    ...(regulation ? { REGULATION_CONFIG: JSON.stringify(regulation) } : {}),
  };
  const api = await startApp(env);
  const workerEnv = { ...env, DATABASE_URL: api.database.url, ALLOW_SYNTHETIC_IDS: 'true' };
  const db = new pg.Client({ connectionString: api.database.url });
  await db.connect();
  const stack: Stack = {
    api,
    db,
    env: workerEnv,
    hospital: new ApiClient(api.baseUrl, await api.token('hospital_staff', HOSPITAL.orgNumber, 'sykepleier')),
    office: new ApiClient(api.baseUrl, await api.token('allocation_officer', MUNICIPALITY, 'saksbehandler')),
    worker: startWorkerProcess({ ...workerEnv, CLOCK: workerClock() }),
    misses: async () => {
      const { rows } = await db.query<{ id: string; n: number }>(
        `SELECT data->>'deadlineId' AS id, count(*)::int AS n FROM event_store.events WHERE event_type = 'DeadlineMissed' GROUP BY 1`,
      );
      return new Map(rows.map((row) => [row.id, row.n]));
    },
    deadlineStatus: async (deadlineId) =>
      (await db.query<{ status: string }>('SELECT status FROM read_models.deadlines WHERE deadline_id = $1', [deadlineId]).catch(() => ({ rows: [] })))
        .rows[0]?.status,
    close: async () => {
      const code = await stack.worker.stop();
      await db.end();
      await api.close();
      if (code !== 0) throw new Error(`the worker did not stop cleanly (exit ${code}):\n${stack.worker.output().slice(-3000)}`);
    },
  };
  return stack;
};

/** The case opened at `admittedAt`, noticed at `noticedAt`; answers its id. */
const admit = async (stack: Stack, admittedAt: string, noticedAt: string, municipalityCode: string = MUNICIPALITY): Promise<string> => {
  const caseId = randomUUID();
  await record(stack.hospital, '/cases', sample.admission({ caseId, admittedAt, occurredAt: noticedAt, municipalityCode }));
  return caseId;
};

describe('deadlines on the legal clock', () => {
  const DAY = '2025-06-10';
  const MIDNIGHT = Date.parse(startOfOsloDay(addCalendarDays(DAY, 1)));
  const LEAD_MS = 9000;
  const prefix = `overgang-test-clock-${randomBytes(4).toString('hex')}`;
  let redis: Redis;
  let stack: Stack;

  // The visit deadline (local policy) switched on: 24 hours from the admission notice, so due at that midnight too.
  const regulation = { rulesVersion: 'e2e-visits', deadlines: { visit: { unit: 'hours', amount: 24 } } };

  let offset = 0;
  const testNow = () => Date.now() + offset;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    // The API only needs to be past the day's events; the worker's clock, set once the API is up, decides the firing.
    stack = await startStack(`offset:${MIDNIGHT + 60_000 - Date.now()}`, prefix, regulation, () => {
      offset = MIDNIGHT - LEAD_MS - Date.now();
      return `offset:${offset}`;
    });
  }, 30_000);

  afterAll(async () => {
    await stack?.close();
    await removeKeys(redis, prefix);
    redis.disconnect();
  });

  it('fires each open deadline once at its due instant, and never one that was met, cancelled or is not yet due', async () => {
    const at = (hhmm: string) => oslo(DAY, hhmm);
    const on = (caseId: string, path: string) => `/cases/${caseId}${path}`;
    const ready = (caseId: string, hhmm = '09:00') => record(stack.hospital, on(caseId, '/discharge-readiness'), sample.readiness({ occurredAt: at(hhmm) }));
    const respond = (caseId: string, hhmm: string, body: Record<string, unknown>) =>
      record(stack.office, on(caseId, '/municipal-response'), sample.municipalResponse({ occurredAt: at(hhmm), ...body }));
    const admitted = () => admit(stack, at('00:00'), at('00:00'));

    // No answer and no visit: municipal_response and visit fire.
    const silent = await admitted();
    await ready(silent);
    // Answered the same day and visited: nothing fires.
    const answered = await admitted();
    await ready(answered);
    await respond(answered, '10:00', { canReceive: true });
    await record(stack.office, on(answered, `/visits/besok-1/conducted`), sample.visitConducted({ occurredAt: at('11:00') }));
    // "Cannot receive", expected ready the same day, never confirmed: expected_ready fires (and the visit).
    const expecting = await admitted();
    await ready(expecting);
    await respond(expecting, '10:00', { canReceive: false, expectedReadyDate: DAY });
    // A new expected date meets the first expected_ready and opens one due days later: only the visit fires.
    const postponed = await admitted();
    await ready(postponed);
    await respond(postponed, '10:00', { canReceive: false, expectedReadyDate: DAY });
    await respond(postponed, '11:00', { canReceive: false, expectedReadyDate: addCalendarDays(DAY, 3) });
    // Readiness revoked before the answer was due: municipal_response is cancelled; only the visit fires.
    const revoked = await admitted();
    await ready(revoked);
    await record(stack.hospital, on(revoked, '/discharge-readiness/revocation'), sample.revocation({ occurredAt: at('12:00') }));
    // Noticed two days after admission: admission_notice is missed at once (the hospital's compliance), no job needed.
    const late = await admit(stack, oslo(addCalendarDays(DAY, -2), '00:00'), at('00:00'));

    const expected = [
      `${silent}.municipal_response.1`,
      `${silent}.visit.0`,
      `${expecting}.expected_ready.2`,
      `${expecting}.visit.0`,
      `${postponed}.visit.0`,
      `${revoked}.visit.0`,
      `${late}.visit.0`,
    ];
    // Everything above happened before the due instant, on the test clock.
    expect(testNow()).toBeLessThan(MIDNIGHT);
    await waitUntil(
      'every due deadline to be recorded missed',
      async () => {
        const misses = await stack.misses();
        return expected.every((id) => misses.has(id)) ? true : undefined;
      },
      LEAD_MS + 10_000,
    );

    await new Promise((resolve) => setTimeout(resolve, 1500));
    const misses = await stack.misses();
    expect([...misses.keys()].sort()).toEqual([...expected].sort());
    expect([...misses.values()].every((count) => count === 1)).toBe(true);

    const status = async (id: string) => waitUntil(`status of ${id}`, () => stack.deadlineStatus(id), 5000);
    await waitUntil('the read model to show the misses', async () => ((await stack.deadlineStatus(expected[0]!)) === 'missed' ? true : undefined), 5000);
    expect(await status(`${answered}.municipal_response.1`)).toBe('met');
    expect(await status(`${answered}.visit.0`)).toBe('met');
    expect(await status(`${expecting}.municipal_response.1`)).toBe('met');
    expect(await status(`${postponed}.expected_ready.2`)).toBe('met');
    expect(await status(`${postponed}.expected_ready.3`)).toBe('open');
    expect(await status(`${revoked}.municipal_response.1`)).toBe('cancelled');
    expect(await status(`${late}.admission_notice.0`)).toBe('missed');
    expect(await status(`${silent}.readiness_notice.1`)).toBe('met');

    // Every miss is recorded by the system through the command path, as having happened at the due instant, and was
    // recorded (PostgreSQL's real time, moved onto the test clock) at or after it, within a few seconds.
    const { rows } = await stack.db.query<{ occurred_at: string; recorded_at: Date; actor: { role: string } }>(
      `SELECT metadata->>'occurredAt' AS occurred_at, recorded_at, metadata->'actor' AS actor FROM event_store.events WHERE event_type = 'DeadlineMissed'`,
    );
    expect(rows).toHaveLength(expected.length);
    for (const row of rows) {
      expect(row.actor.role).toBe('system');
      expect(Date.parse(row.occurred_at)).toBe(MIDNIGHT);
      const lateness = row.recorded_at.getTime() + offset - MIDNIGHT;
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThan(3000);
    }
  }, 40_000);

  it('shows the queue to admins: depths in /metrics and /health, JSON, and Bull Board behind the admin role', async () => {
    const base = stack.api.baseUrl;
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/overgang_queue_jobs\{queue="overgang-deadlines",state="completed"\} [1-9]/);
    expect(metrics).toMatch(/overgang_queue_jobs\{queue="overgang-deadlines",state="failed"\} 0/);
    const health = (await (await fetch(`${base}/health`)).json()) as { deadlineJobs: Record<string, number> };
    expect(health.deadlineJobs).toMatchObject({ failed: 0, delayed: expect.any(Number), completed: expect.any(Number) });

    const adminToken = await stack.api.token('admin', '*', 'drift');
    const admin = new ApiClient(base, adminToken);
    const json = await admin.get<{ queues: { name: string; counts: Record<string, number>; failed: unknown[] }[] }>('/admin/queues');
    expect(json.status).toBe(200);
    expect(json.body.queues).toEqual([expect.objectContaining({ name: 'overgang-deadlines', failed: [] })]);
    expect((await stack.office.get('/admin/queues')).status).toBe(403);

    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
    const officerToken = await stack.api.token('allocation_officer', MUNICIPALITY);
    expect((await fetch(`${base}/admin/queues`, { headers: { authorization: `Bearer ${officerToken}` } })).status).toBe(403);
    const page = await fetch(`${base}/admin/queues`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);

    // A browser signs in once; the cookie then carries it to the page, the dashboard's API and its assets.
    expect((await fetch(`${base}/admin/queues/login`)).status).toBe(200);
    const refused = await fetch(`${base}/admin/queues/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: officerToken }) });
    expect(refused.status).toBe(403);
    const login = await fetch(`${base}/admin/queues/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: adminToken }) });
    expect(login.status).toBe(204);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const api = await fetch(`${base}/admin/queues/api/queues`, { headers: { cookie } });
    expect(api.status).toBe(200);
    expect(JSON.stringify(await api.json())).toContain('overgang-deadlines');
    const html = await (await fetch(`${base}/admin/queues`, { headers: { cookie } })).text();
    expect(html).toContain('<base href="/admin/queues/"');
    const asset = /src="(static\/js\/[^"]+)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    expect((await fetch(new URL(asset!, `${base}/admin/queues/`), { headers: { cookie } })).status).toBe(200);
    expect((await fetch(new URL(asset!, `${base}/admin/queues/`))).status).toBe(401);
  });

  it('loses no open deadline when the worker is killed and Redis loses the queue: the restarted worker fires them all', async () => {
    // Deadlines due at the next midnight are open with delayed jobs; then the worker dies and Redis forgets them.
    const nextDay = addCalendarDays(DAY, 1);
    const cases = await Promise.all([0, 1, 2, 3].map(() => admit(stack, oslo(nextDay, '00:00'), oslo(nextDay, '00:00'))));
    for (const caseId of cases) {
      await record(stack.hospital, `/cases/${caseId}/discharge-readiness`, sample.readiness({ occurredAt: oslo(nextDay, '00:02') }));
    }
    const queue = new Queue(DEADLINE_QUEUE, { connection: redis, prefix });
    await waitUntil(
      'the jobs to be scheduled',
      async () => ((await queue.getJobCounts('delayed')).delayed! >= cases.length * 2 ? true : undefined),
      10_000,
    );
    expect(await stack.worker.stop('SIGKILL')).toBeNull();
    expect(await removeKeys(redis, prefix)).toBeGreaterThan(0);
    expect((await queue.getJobCounts('delayed')).delayed).toBe(0);

    // Move the due instant close: a new worker on a clock a few seconds before that midnight.
    const dueAt = Date.parse(startOfOsloDay(addCalendarDays(nextDay, 1)));
    stack.worker = startWorkerProcess({ ...stack.env, CLOCK: `offset:${dueAt - 4000 - Date.now()}` });
    const expected = cases.flatMap((caseId) => [`${caseId}.municipal_response.1`, `${caseId}.visit.0`]);
    await waitUntil(
      'every open deadline to fire after the restart',
      async () => {
        const misses = await stack.misses();
        return expected.every((id) => misses.get(id) === 1) ? true : undefined;
      },
      20_000,
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${stack.worker.output()}`);
    });
    await queue.close();
  }, 45_000);
});

describe('GET /liability', () => {
  // Frozen at noon on 3 January 2024 in Oslo: running periods count up to and including that day.
  const prefix = `overgang-test-liability-${randomBytes(4).toString('hex')}`;
  let redis: Redis;
  let stack: Stack;
  let head = '';
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    stack = await startStack(`fixed:${oslo('2024-01-03', '12:00')}`, prefix);
    const readyOn = async (caseId: string, instant: string) =>
      record(stack.hospital, `/cases/${caseId}/discharge-readiness`, sample.readiness({ occurredAt: instant }));
    // Ready 30 Dec, "cannot receive", service ready 2 Jan: 30, 31 Dec at 2023's rate, 1 Jan at 2024's.
    ids['newYear'] = await admit(stack, oslo('2023-12-28', '10:00'), oslo('2023-12-28', '11:00'));
    await readyOn(ids['newYear'], oslo('2023-12-30', '10:00'));
    await record(stack.office, `/cases/${ids['newYear']}/municipal-response`, sample.municipalResponse({ occurredAt: oslo('2023-12-30', '11:00'), canReceive: false }));
    await record(stack.office, `/cases/${ids['newYear']}/municipal-response`, sample.municipalResponse({ occurredAt: oslo('2024-01-02', '10:00'), canReceive: true }));
    // Ready 1 Jan, no answer at all: 1, 2, 3 Jan so far, still running.
    ids['running'] = await admit(stack, oslo('2023-12-30', '10:00'), oslo('2023-12-30', '11:00'));
    await readyOn(ids['running'], oslo('2024-01-01', '09:00'));
    // Noticed late (§ 8): its days are disputed.
    ids['disputed'] = await admit(stack, oslo('2023-12-28', '10:00'), oslo('2023-12-31', '10:00'));
    await readyOn(ids['disputed'], oslo('2024-01-02', '09:00'));
    // Another municipality's case.
    ids['elsewhere'] = await admit(stack, oslo('2023-12-30', '10:00'), oslo('2023-12-30', '11:00'), OTHER_MUNICIPALITY);
    const last = await readyOn(ids['elsewhere'], oslo('2024-01-02', '09:00'));
    head = last.body['position'] as string;
  }, 40_000);

  afterAll(async () => {
    await stack?.close();
    await removeKeys(redis, prefix);
    redis.disconnect();
  });

  const liability = async (client: ApiClient, query: string) =>
    waitUntil(
      'the liability projection',
      async () => {
        const answer = await client.get<{ items: Record<string, unknown>[] }>(`/liability?minPosition=${head}${query}`);
        return answer.status === 503 ? undefined : answer;
      },
      15_000,
    );

  it('answers per municipality and month with the cases behind each sum, a running period counted to today', async () => {
    const answer = await liability(stack.office, '&month=2024-01');
    expect(answer.status).toBe(200);
    expect(answer.body.items).toHaveLength(1);
    const [january] = answer.body.items;
    expect(january).toMatchObject({
      municipalityCode: MUNICIPALITY,
      month: '2024-01',
      owedDays: 1 + 3,
      owedAmount: 4 * RATE_2024,
      disputedDays: 2,
      disputedAmount: 2 * RATE_2024,
      rateMissingDays: 0,
    });
    const cases = january!['cases'] as { caseId: string }[];
    expect(cases).toHaveLength(3);
    expect(cases.find((entry) => entry.caseId === ids['newYear'])).toEqual({
      caseId: ids['newYear'],
      status: 'owed',
      days: 1,
      amount: RATE_2024,
      rateMissingDays: 0,
      periods: [{ from: '2023-12-30', to: '2024-01-02', days: 1, amount: RATE_2024, rateMissingDays: 0, status: 'owed' }],
    });
    expect(cases.find((entry) => entry.caseId === ids['running'])).toMatchObject({
      status: 'owed',
      days: 3,
      periods: [{ from: '2024-01-01', to: null, days: 3, amount: 3 * RATE_2024, status: 'owed' }],
    });
    expect(cases.find((entry) => entry.caseId === ids['disputed'])).toMatchObject({ status: 'disputed', days: 2 });

    const december = await liability(stack.office, '&month=2023-12');
    expect(december.body.items).toEqual([
      expect.objectContaining({ month: '2023-12', owedDays: 2, owedAmount: 2 * RATE_2023, disputedDays: 0 }),
    ]);
  });

  it('shows officers their own municipality only, and auditors with * every one', async () => {
    const other = await liability(stack.office, `&municipalityCode=${OTHER_MUNICIPALITY}`);
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
    const auditor = new ApiClient(stack.api.baseUrl, await stack.api.token('quality_auditor', '*', 'revisor'));
    const all = await liability(auditor, '&month=2024-01');
    expect(all.body.items.map((item) => item['municipalityCode']).sort()).toEqual([MUNICIPALITY, OTHER_MUNICIPALITY].sort());
    const theirs = await liability(auditor, `&month=2024-01&municipalityCode=${OTHER_MUNICIPALITY}`);
    expect(theirs.body.items).toEqual([expect.objectContaining({ municipalityCode: OTHER_MUNICIPALITY, owedDays: 2, owedAmount: 2 * RATE_2024 })]);
  });

  it('refuses bad filters field by field, and roles that may not read it', async () => {
    const bad = await stack.office.get<{ status: number; errors: { field: string }[] }>('/liability?month=2024-13&municipalityCode=12');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error) => error.field).sort()).toEqual(['month', 'municipalityCode']);
    expect((await stack.office.get('/liability?colour=red')).status).toBe(400);
    expect((await stack.hospital.get('/liability')).status).toBe(403);
  });
});
