/**
 * The deadline timer at 10,000 open deadlines: the projection writes them while the timer listens (scheduled through
 * notifications), the queue's Redis keys are then deleted and one reconcile pass schedules them all again, and the
 * worker fires every one through the command path. Deadlines fall due spread over a window on a test clock; lateness is
 * when `DeadlineMissed` was committed (PostgreSQL's clock, on the test clock) minus the due instant.
 * Run: npm run bench:deadlines  (DEADLINES=10000 WINDOW_S=60 CONCURRENCY=16 to change the shape)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pino } from 'pino';
import { CaseCommands } from '#libs/application/case-commands.js';
import type { Clock } from '#libs/config/clock.js';
import { DEADLINE_QUEUE, type DeadlineQueue } from '#libs/deadline-timer/deadline-queue.js';
import { startDeadlineTimer, type DeadlineTimer } from '#libs/deadline-timer/deadline-timer.js';
import { reconcile } from '#libs/deadline-timer/reconcile.js';
import { parseRegulationConfig } from '#libs/domain/regulation/regulation-config.js';
import { syntheticNationalId } from '#libs/domain/identifiers/synthetic-national-id.js';
import { caseStreamName } from '#libs/domain/transfer-case/events.js';
import { createPostgresEventStore, type NewEvent } from '#libs/event-store/index.js';
import { deadlineProjection } from '#libs/projections/deadlines/deadline.projection.js';
import { startProjections } from '#libs/projections/runtime/runtime.js';
import { createTestDatabase } from '#libs/testing/postgres.js';

const DEADLINES = Number(process.env.DEADLINES ?? 10_000);
const WINDOW_MS = Number(process.env.WINDOW_S ?? 60) * 1000;
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const HOUR = 3_600_000;
/** From the reconcile pass to the first due instant. */
const LEAD_MS = 15_000;
/** Virtual time of the first due instant. */
const FIRST_DUE = Date.parse('2025-03-03T12:00:00.000Z');

// municipal_response due one hour after the readiness notice, so due instants spread as the notices do.
const regulation = parseRegulationConfig({ rulesVersion: 'bench', deadlines: { municipalResponse: { unit: 'hours', amount: 1 } } });
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const meta = (occurredAt: string) => ({
  occurredAt,
  actor: { id: 'bench', role: 'hospital_staff', organisation: '993467049' },
  correlationId: randomUUID(),
  causationId: null,
  schemaVersion: 1,
});

const caseEvents = (caseId: string, n: number, dueAt: number): NewEvent[] => {
  const admittedAt = new Date(dueAt - 3 * HOUR).toISOString();
  const declaredAt = new Date(dueAt - HOUR).toISOString();
  return [
    {
      eventId: randomUUID(),
      type: 'AdmissionNotified',
      data: {
        caseId,
        patient: { nationalId: syntheticNationalId({ birthDate: '1941-06-12', individualNumber: 100 + (n % 400) }), name: 'Bench Pasient' },
        hospital: { orgNumber: '993467049', name: 'Oslo universitetssykehus HF', department: 'Geriatrisk avdeling' },
        municipalityCode: '0301',
        admittedAt,
        expectedNeeds: 'Hjemmesykepleie',
      },
      metadata: meta(admittedAt),
    },
    {
      eventId: randomUUID(),
      type: 'DischargeReadinessDeclared',
      data: {
        declaredAt,
        criteria: { admissionProblemsClarified: true, otherProblemsClarified: true, diagnosisAndPlanSettled: true, functionalLevelAssessed: true },
      },
      metadata: meta(declaredAt),
    },
  ];
};

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const waitUntil = async (probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const main = async (): Promise<void> => {
  const database = await createTestDatabase('overgang_bench_deadlines');
  const pool = new pg.Pool({ connectionString: database.url, max: 20 });
  // An idle connection that drops is replaced; without a listener its error would end the bench.
  pool.on('error', () => {});
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = `overgang-bench-deadlines-${randomBytes(4).toString('hex')}`;
  const dropKeys = async (): Promise<number> => {
    const keys = await redis.keys(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
    return keys.length;
  };
  const results: [string, string][] = [];
  try {
    const store = await createPostgresEventStore({ pool });
    // A clock that keeps running; an hour before the first deadline while setting up, moved once the queue is lost.
    let offset = FIRST_DUE - (Date.now() + HOUR);
    const clock: Clock = { now: () => new Date(Date.now() + offset) };
    const caseCommands = new CaseCommands(store, { now: () => clock.now(), allowSyntheticIds: true, recentCases: 0 });
    const startTimer = (): Promise<DeadlineTimer> =>
      startDeadlineTimer({ databaseUrl: database.url, pool, redis, prefix, store, caseCommands, regulation, clock, logger, concurrency: CONCURRENCY });

    let started = performance.now();
    const caseIds = Array.from({ length: DEADLINES }, () => randomUUID());
    for (let i = 0; i < DEADLINES; i += 50) {
      await Promise.all(
        caseIds.slice(i, i + 50).map((caseId, j) =>
          store.appendToStream(caseStreamName(caseId), caseEvents(caseId, i + j, FIRST_DUE + Math.floor(((i + j) * WINDOW_MS) / DEADLINES)), {
            expectedRevision: 'no_stream',
          }),
        ),
      );
    }
    results.push(['cases appended (2 events each)', seconds(performance.now() - started)]);

    // The timer listens before the projection writes: every deadline reaches it as a notification.
    let timer = await startTimer();
    const queue: DeadlineQueue = new Queue(DEADLINE_QUEUE, { connection: redis, prefix });
    started = performance.now();
    const runtime = await startProjections({ pool, store, projections: [deadlineProjection(regulation)], logger });
    const delayed = async () => (await queue.getJobCounts('delayed')).delayed ?? 0;
    await waitUntil(async () => (await delayed()) >= DEADLINES, 120_000, 'every deadline scheduled');
    results.push([`${DEADLINES} deadlines projected and scheduled (notifications)`, seconds(performance.now() - started)]);

    await timer.stop();
    results.push(['Redis keys of the queue deleted', String(await dropKeys())]);
    offset = FIRST_DUE - (Date.now() + LEAD_MS);
    const reconciled = await reconcile(pool, queue, clock);
    if (reconciled.scheduled !== DEADLINES || (await delayed()) !== DEADLINES) throw new Error(`reconcile scheduled ${reconciled.scheduled}`);
    results.push([`reconcile after the loss (${reconciled.scheduled} jobs re-added)`, seconds(reconciled.durationMs)]);
    const again = await reconcile(pool, queue, clock);
    results.push([`reconcile with nothing missing (${again.open} open)`, seconds(again.durationMs)]);

    const untilFirst = FIRST_DUE - clock.now().getTime();
    if (untilFirst < 0) throw new Error(`set-up took too long: the first deadline was due ${-untilFirst} ms ago`);
    timer = await startTimer();
    const missed = async () =>
      Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM event_store.events WHERE event_type = 'DeadlineMissed'`)).rows[0]!.n);
    await waitUntil(async () => (await missed()) >= DEADLINES, untilFirst + WINDOW_MS + 300_000, 'every deadline fired');
    const { rows } = await pool.query<{ lateness_ms: number }>(
      `SELECT extract(epoch FROM recorded_at) * 1000 + $1::bigint - extract(epoch FROM (data->>'dueAt')::timestamptz) * 1000 AS lateness_ms
       FROM event_store.events WHERE event_type = 'DeadlineMissed'`,
      [offset],
    );
    const lateness = rows.map((row) => Number(row.lateness_ms)).sort((a, b) => a - b);
    const duplicates = Number(
      (await pool.query<{ n: string }>(`SELECT count(*) - count(DISTINCT data->>'deadlineId') AS n FROM event_store.events WHERE event_type = 'DeadlineMissed'`)).rows[0]!.n,
    );
    results.push([`fired over a ${WINDOW_MS / 1000} s window (concurrency ${CONCURRENCY})`, `${lateness.length} misses recorded, ${duplicates} duplicates`]);
    const ms = (p: number) => Math.round(percentile(lateness, p));
    results.push(['firing lateness min / p50 / p90 / p99 / max', `${Math.round(lateness[0]!)} / ${ms(50)} / ${ms(90)} / ${ms(99)} / ${Math.round(lateness.at(-1)!)} ms`]);
    results.push(['fired early (negative lateness)', String(lateness.filter((ms) => ms < 0).length)]);

    await timer.stop();
    await queue.close();
    await runtime.stop();
    await store.close();
  } finally {
    await dropKeys();
    redis.disconnect();
    await pool.end();
    await database.drop();
  }
  const width = Math.max(...results.map(([label]) => label.length));
  process.stdout.write(`\nbench:deadlines\n${results.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
