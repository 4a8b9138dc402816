import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pino } from 'pino';
import { CaseCommands } from '#libs/application/case-commands.js';
import type { Clock } from '#libs/config/clock.js';
import { startOfOsloDay } from '#libs/domain/regulation/oslo-calendar.js';
import { DEFAULT_REGULATION_CONFIG } from '#libs/domain/regulation/regulation-config.js';
import { caseStreamName } from '#libs/domain/transfer-case/events.js';
import { cmd, ev } from '#libs/domain/transfer-case/spec-helpers.js';
import { CaseUnreadableError } from '#libs/application/case-unreadable.js';
import { formatPosition } from '#libs/event-store/position.js';
import { listFailingCases, requestRetry } from '#libs/projections/runtime/failing-cases.js';
import { createPostgresEventStore, type PostgresEventStore } from '#libs/event-store/postgres/postgres-event-store.js';
import { deadlineProjection } from '#libs/projections/deadlines/deadline.projection.js';
import { startProjections, type ProjectionRuntime } from '#libs/projections/runtime/runtime.js';
import { createTestDatabase, type TestDatabase } from '#libs/testing/postgres.js';
import { startDeadlineTimer, type DeadlineTimer } from './deadline-timer.js';
import { readDeadlines } from './deadline-reads.js';
import { DEADLINE_QUEUE, type FireRetry } from './deadline-queue.js';
import { DeadlineQueueStatus } from './queue-status.js';
import { ApiMetrics } from '#libs/observability/metrics.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DAY = '2025-06-10';
const MIDNIGHT = Date.parse(startOfOsloDay('2025-06-11'));
const LEAD_MS = 2500;
const logger = pino({ level: 'silent' });

/** Oslo wall-clock time on DAY as an instant. */
const onDay = (hhmm: string): string => new Date(Date.parse(startOfOsloDay(DAY)) + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000).toISOString();

describe('the deadline timer (PostgreSQL, Redis, the projection runtime, one process)', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let store: PostgresEventStore;
  let runtime: ProjectionRuntime;
  let redis: Redis;
  let commands: CaseCommands;
  let timer: DeadlineTimer | undefined;
  const prefix = `overgang-test-timer-${randomBytes(4).toString('hex')}`;
  /** Seconds before midnight in Oslo, and time keeps passing. */
  let clock: Clock;

  const startTimer = (retry?: FireRetry) =>
    startDeadlineTimer({
      ...(retry && { retry }),
      databaseUrl: database.url,
      pool,
      redis,
      prefix,
      store,
      caseCommands: commands,
      regulation: DEFAULT_REGULATION_CONFIG,
      clock,
      logger,
    });

  beforeAll(async () => {
    database = await createTestDatabase('overgang_timer');
    pool = new pg.Pool({ connectionString: database.url, max: 6 });
    store = await createPostgresEventStore({ pool });
    runtime = await startProjections({
      pool,
      store,
      projections: [deadlineProjection(DEFAULT_REGULATION_CONFIG)],
      logger,
      settings: { lockRetryMs: 50, controlIntervalMs: 50 },
    });
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  });

  afterAll(async () => {
    await timer?.stop();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await runtime.stop();
    await store.close();
    await pool.end();
    await database.drop();
  });

  const missesOf = async (caseId: string) =>
    (await store.readStream(caseStreamName(caseId))).filter((event) => event.type === 'DeadlineMissed').map((event) => event.data as { deadlineId: string });

  const waitFor = async <T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const openCase = async (then: (caseId: string) => Promise<unknown> = async () => undefined) => {
    const caseId = randomUUID();
    const context = { actor: { id: 'test', role: 'hospital_staff', organisation: '993467049' }, correlationId: caseId, causationId: null };
    await commands.execute(cmd.notifyAdmission({ caseId, admittedAt: onDay('08:00'), occurredAt: onDay('09:00') }), context);
    const ready = await commands.execute(cmd.declareDischargeReadiness({ caseId, occurredAt: onDay('10:00') }), context);
    await then(caseId);
    return { caseId, position: ready.position, context };
  };

  it('records each due deadline once, at its due instant, and never one that was met', async () => {
    const offset = MIDNIGHT - LEAD_MS - Date.now();
    clock = { now: () => new Date(Date.now() + offset) };
    commands = new CaseCommands(store, { now: () => clock.now(), allowSyntheticIds: true });
    timer = await startTimer();

    const silent = await openCase();
    const answered = await openCase((caseId) =>
      commands.execute(cmd.giveMunicipalResponse({ caseId, occurredAt: onDay('11:00'), canReceive: true, expectedReadyDate: undefined }), {
        actor: { id: 'office', role: 'allocation_officer', organisation: '0301' },
        correlationId: caseId,
        causationId: null,
      }),
    );
    const expecting = await openCase((caseId) =>
      commands.execute(cmd.giveMunicipalResponse({ caseId, occurredAt: onDay('11:00'), canReceive: false, expectedReadyDate: DAY }), {
        actor: { id: 'office', role: 'allocation_officer', organisation: '0301' },
        correlationId: caseId,
        causationId: null,
      }),
    );
    const last = await store.readStream(caseStreamName(expecting.caseId));
    await runtime.waitFor('deadlines', last.at(-1)!.position);
    await waitFor(async () => ((await timer!.queue.getJobCounts('delayed')).delayed! >= 2 ? true : undefined), 2000);
    expect(await timer.queue.getJob(`${silent.caseId}.municipal_response.1`)).toBeDefined();
    expect(await timer.queue.getJob(`${answered.caseId}.municipal_response.1`)).toBeUndefined();

    const fired = await waitFor(async () => {
      const misses = await missesOf(silent.caseId);
      return misses.length > 0 ? clock.now().getTime() : undefined;
    }, LEAD_MS + 5000);
    expect(fired).toBeGreaterThanOrEqual(MIDNIGHT);
    expect(fired - MIDNIGHT).toBeLessThan(1500);
    await waitFor(async () => ((await missesOf(expecting.caseId)).length > 0 ? true : undefined), 3000);

    await timer.reconcileNow();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await missesOf(silent.caseId)).toEqual([expect.objectContaining({ deadlineId: `${silent.caseId}.municipal_response.1` })]);
    expect(await missesOf(expecting.caseId)).toEqual([expect.objectContaining({ deadlineId: `${expecting.caseId}.expected_ready.2` })]);
    expect(await missesOf(answered.caseId)).toEqual([]);
    const [row] = await waitFor(async () => {
      const rows = await readDeadlines(pool, [`${silent.caseId}.municipal_response.1`]);
      return rows[0]?.status === 'missed' ? rows : undefined;
    }, 2000);
    expect(row).toMatchObject({ status: 'missed', dueAt: new Date(MIDNIGHT).toISOString() });
  }, 20_000);

  it('loses no deadline when Redis loses the queue: the reconciler schedules every open one again', async () => {
    await timer!.stop();
    timer = undefined;
    const offset = MIDNIGHT - LEAD_MS - Date.now();
    clock = { now: () => new Date(Date.now() + offset) };
    commands = new CaseCommands(store, { now: () => clock.now(), allowSyntheticIds: true });
    const cases = await Promise.all([openCase(), openCase(), openCase()]);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);

    timer = await startTimer();
    for (const { caseId } of cases) {
      await waitFor(async () => ((await missesOf(caseId)).length > 0 ? true : undefined), LEAD_MS + 6000);
    }
    for (const { caseId } of cases) expect(await missesOf(caseId)).toHaveLength(1);
  }, 20_000);

  it('puts a deadline whose firing keeps failing in the failed set, which the status and the metrics report', async () => {
    await timer!.stop();
    class RefusingCommands extends CaseCommands {
      override execute(): never {
        throw new Error('the store refuses every append');
      }
    }
    const working = commands;
    commands = new RefusingCommands(store, { now: () => clock.now(), allowSyntheticIds: true });
    timer = await startTimer({ attempts: 2, firstBackoffMs: 20 });
    commands = working;
    const { caseId } = await openCase();
    const deadlineId = `${caseId}.municipal_response.1`;

    const status = new DeadlineQueueStatus(redis, prefix);
    const metrics = new ApiMetrics();
    metrics.trackQueue(DEADLINE_QUEUE, () => status.counts());
    await waitFor(async () => ((await status.counts()).failed === 1 ? true : undefined), 5000);
    expect(await status.failed()).toEqual([
      { deadlineId, attempts: 2, reason: 'the store refuses every append', failedAt: expect.any(String) },
    ]);
    expect(await metrics.registry.metrics()).toContain('overgang_queue_jobs{queue="overgang-deadlines",state="failed"} 1');
    // Given up, not forgotten: the reconciler leaves the failed job for an admin instead of firing it again.
    await timer.reconcileNow();
    expect((await status.counts()).failed).toBe(1);
    expect(await missesOf(caseId)).toEqual([]);
    await status.close();
  }, 20_000);

  /** A timer seconds before midnight again; it records through `timerCommands` when given (the cases are opened through working ones). */
  const restartTimer = async (timerCommands?: CaseCommands) => {
    await timer?.stop();
    const offset = MIDNIGHT - LEAD_MS - Date.now();
    clock = { now: () => new Date(Date.now() + offset) };
    const working = new CaseCommands(store, { now: () => clock.now(), allowSyntheticIds: true });
    commands = timerCommands ?? working;
    timer = await startTimer();
    commands = working;
  };
  const timerMarks = async () => (await listFailingCases(pool, { component: 'deadline_timer' }));

  it('sets aside a deadline of a case whose events it cannot read, marks the case, and fires every other one', async () => {
    await restartTimer();
    // Recorded before input rules refused such dates: an answer whose expected date is past year 9999.
    const poisoned = await openCase(async (caseId) => {
      const { type, data } = ev.responded({ respondedAt: onDay('11:00'), canReceive: false, expectedReadyDate: '10000-01-01' });
      const metadata = { occurredAt: onDay('11:00'), actor: { id: 'office', role: 'allocation_officer', organisation: '0301' }, correlationId: caseId, causationId: null, schemaVersion: 1 };
      return store.appendToStream(caseStreamName(caseId), [{ eventId: randomUUID(), type, data, metadata }], { expectedRevision: 1n });
    });
    const healthy = await openCase();
    await waitFor(async () => ((await missesOf(healthy.caseId)).length > 0 ? true : undefined), LEAD_MS + 6000);

    const [mark] = await waitFor(async () => {
      const marks = await timerMarks();
      return marks.length > 0 ? marks : undefined;
    }, 5000);
    const poison = (await store.readStream(caseStreamName(poisoned.caseId)))[2]!;
    expect(mark).toEqual(
      expect.objectContaining({
        caseId: poisoned.caseId,
        position: formatPosition(poison.position),
        eventType: 'MunicipalResponseGiven',
        revision: 2,
        error: 'RangeError: Not a calendar date YYYY-MM-DD: 10000-01-01',
        attempts: 1,
      }),
    );
    // Set aside at once (retrying cannot help until the code is fixed), its deadline not recorded as missed.
    const job = await timer!.queue.getJob(`${poisoned.caseId}.municipal_response.1`);
    expect({ state: await job!.getState(), attempts: job!.attemptsMade }).toEqual({ state: 'failed', attempts: 1 });
    expect(await missesOf(poisoned.caseId)).toEqual([]);
    // The deadlines projection could not take the answer either: its rows stay as they were.
    expect(await listFailingCases(pool, { component: 'deadlines' })).toEqual([expect.objectContaining({ caseId: poisoned.caseId })]);

    // A retry before any fix sends the job round again: it fails again, and says so.
    await requestRetry(pool, { component: 'deadline_timer', caseId: poisoned.caseId });
    await waitFor(async () => ((await timerMarks())[0]?.attempts === 2 ? true : undefined), 5000);
    expect((await timerMarks())[0]!.retryRequestedAt).toBeNull();
  }, 20_000);

  it('clears the mark when a retry after the fix fires the deadline', async () => {
    // The version that could not read the case (its commands refuse it as unreadable) sets the deadline aside …
    class UnreadingCommands extends CaseCommands {
      override execute(command: { caseId: string }): never {
        throw new CaseUnreadableError(command.caseId, { position: null, eventType: null, revision: null, error: 'Error: old bug' });
      }
    }
    await restartTimer(new UnreadingCommands(store, { now: () => clock.now(), allowSyntheticIds: true }));
    const { caseId } = await openCase();
    await waitFor(async () => ((await timerMarks()).some((mark) => mark.caseId === caseId) ? true : undefined), LEAD_MS + 6000);

    // … the fixed one is deployed, and an admin retries: the deadline fires and the mark goes.
    await restartTimer();
    await requestRetry(pool, { component: 'deadline_timer', caseId });
    await waitFor(async () => ((await missesOf(caseId)).length > 0 ? true : undefined), 5000);
    await waitFor(async () => ((await timerMarks()).some((mark) => mark.caseId === caseId) ? undefined : true), 3000);
  }, 20_000);
});
