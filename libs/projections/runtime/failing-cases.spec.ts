import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { pino } from 'pino';
import type { NewEvent } from '#libs/event-store/event-store.port.js';
import { createPostgresEventStore, type PostgresEventStore } from '#libs/event-store/postgres/postgres-event-store.js';
import { formatPosition } from '#libs/event-store/position.js';
import { createTestDatabase, type TestDatabase } from '#libs/testing/postgres.js';
import type { CaseProjection } from './case-projection.js';
import { caseFailureTotals, listFailingCases, requestRetry } from './failing-cases.js';
import { requestRebuild } from './rebuild-request.js';
import { startProjections, type ProjectionRuntime } from './runtime.js';
import { appendCaseEvents, countingProjection, newCaseEvent } from './testing/counting-projection.js';

const logger = pino({ level: 'silent' });
const fast = { lockRetryMs: 50, controlIntervalMs: 50 };
const PATIENT = 'Kari Nordmann';
const NATIONAL_ID = '12064112345';

/**
 * The counting projection, except that (unless `fixed`) it cannot handle an event whose data says `poison`: it throws,
 * naming the patient as careless code would. `badCell` cases get a row PostgreSQL refuses (text in an integer column).
 */
const fragile = ({ fixed = false, version = 1 } = {}): CaseProjection => {
  const inner = countingProjection('counting', version);
  return {
    ...inner,
    project: (history) => {
      const poisoned = history.find((event) => (event.data as { poison?: boolean }).poison);
      if (poisoned && !fixed) throw new RangeError(`cannot read ${PATIENT} (${NATIONAL_ID}) at ${poisoned.revision}`);
      const rows = inner.project(history.filter((event) => !(event.data as { poison?: boolean }).poison));
      if (!history.some((event) => (event.data as { badCell?: boolean }).badCell) || fixed) return rows;
      const [caseRow] = rows['counting_cases']!;
      return { ...rows, counting_cases: [[caseRow![0], 'not a number', ...caseRow!.slice(2)]] };
    },
  };
};

const event = (caseId: string, n: number, extra: object = {}): NewEvent =>
  newCaseEvent(caseId, n, { patient: { name: PATIENT, nationalId: NATIONAL_ID }, ...extra });

describe('a case a projection cannot handle (PostgreSQL)', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let store: PostgresEventStore;
  const running: ProjectionRuntime[] = [];

  const start = async (projection: CaseProjection) => {
    const runtime = await startProjections({ pool, store, projections: [projection], logger, settings: fast });
    running.push(runtime);
    return runtime;
  };

  const append = (caseId: string, from: number, events: NewEvent[]) =>
    store.appendToStream(`case-${caseId}`, events, { expectedRevision: from === 0 ? 'no_stream' : BigInt(from - 1) });

  const rowOf = async (caseId: string) =>
    (await pool.query('SELECT events, revisions FROM read_models.counting_cases WHERE case_id = $1', [caseId])).rows[0];

  const failing = () => listFailingCases(pool);

  beforeEach(async () => {
    database = await createTestDatabase('overgang_failing');
    pool = new pg.Pool({ connectionString: database.url, max: 6 });
    store = await createPostgresEventStore({ pool });
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((runtime) => runtime.stop()));
    await store.close();
    await pool.end();
    await database.drop();
  });

  it('isolates the case, keeps its last good rows, and goes on with every other case', async () => {
    const runtime = await start(fragile());
    const poisoned = randomUUID();
    // Two good events, then the poison and one more, in one append: one batch takes them all.
    const written = await append(poisoned, 0, [event(poisoned, 0), event(poisoned, 1), event(poisoned, 2, { poison: true }), event(poisoned, 3)]);
    const others = [randomUUID(), randomUUID()];
    for (const caseId of others) await appendCaseEvents(store, caseId, 0, 2);
    const last = (await appendCaseEvents(store, others[0]!, 2, 1)).position;
    await runtime.waitFor('counting', last, 15_000);

    expect(await rowOf(others[0]!)).toEqual({ events: 3, revisions: '0,1,2' });
    expect(await rowOf(others[1]!)).toEqual({ events: 2, revisions: '0,1' });
    expect(await rowOf(poisoned)).toEqual({ events: 2, revisions: '0,1' });
    const poison = (await store.readStream(`case-${poisoned}`))[2]!;
    expect(await failing()).toEqual([
      expect.objectContaining({
        component: 'counting',
        caseId: poisoned,
        position: formatPosition(poison.position),
        eventType: 'UserWishRelayed',
        revision: 2,
        error: 'RangeError: cannot read [navn] ([fnr]) at 2',
        lastPosition: formatPosition(written.position),
        attempts: 1,
        retryRequestedAt: null,
      }),
    ]);
    expect(runtime.status()[0]!.failingCases).toBe(1);

    // Its next event is tried (and fails) again: the mark keeps the first failing event and counts the attempt.
    const later = await appendCaseEvents(store, poisoned, 4, 1);
    await runtime.waitFor('counting', later.position, 15_000);
    expect(await failing()).toEqual([expect.objectContaining({ position: formatPosition(poison.position), attempts: 2 })]);
    expect(await rowOf(poisoned)).toEqual({ events: 2, revisions: '0,1' });
    expect(await caseFailureTotals(pool)).toEqual(new Map([['counting', 2]]));
  });

  it('isolates a case whose rows PostgreSQL refuses, writing the others of the same batch; it keeps the rows it had', async () => {
    const refused = randomUUID();
    const fine = randomUUID();
    await append(refused, 0, [event(refused, 0)]);
    const first = await appendCaseEvents(store, fine, 0, 1);
    const runtime = await start(fragile());
    await runtime.waitFor('counting', first.position, 15_000);
    const bad = await append(refused, 1, [event(refused, 1, { badCell: true })]);
    const last = (await appendCaseEvents(store, fine, 1, 2)).position;
    await runtime.waitFor('counting', last, 15_000);

    expect(await rowOf(fine)).toEqual({ events: 3, revisions: '0,1,2' });
    expect(await rowOf(refused)).toEqual({ events: 1, revisions: '0' });
    const [mark] = await failing();
    expect(mark).toEqual(expect.objectContaining({ caseId: refused, position: formatPosition(bad.position), revision: 1 }));
    expect(mark!.error).toMatch(/^writing its rows: PostgreSQL 22P02: invalid input syntax for type integer: "…"$/);
  });

  it('clears the mark when an admin retries after the fix, and keeps it (counting the attempt) before', async () => {
    const poisoned = randomUUID();
    await append(poisoned, 0, [event(poisoned, 0), event(poisoned, 1, { poison: true })]);
    const broken = await start(fragile());
    const other = await appendCaseEvents(store, randomUUID(), 0, 1);
    await broken.waitFor('counting', other.position, 15_000);
    expect(await failing()).toHaveLength(1);

    expect(await requestRetry(pool, { component: 'counting', caseId: poisoned })).toEqual([
      { component: 'counting', caseId: poisoned, requestedAt: expect.any(String) },
    ]);
    await waitUntil(async () => (await failing())[0]?.retryRequestedAt === null);
    expect(await failing()).toEqual([expect.objectContaining({ caseId: poisoned, attempts: 2 })]);

    // The fix is deployed: same projection and version, its code now reads the event.
    await broken.stop();
    const fixedRuntime = await start(fragile({ fixed: true }));
    await requestRetry(pool);
    await waitUntil(async () => (await failing()).length === 0);
    expect(await rowOf(poisoned)).toEqual({ events: 1, revisions: '0' });
    expect(fixedRuntime.status()[0]!.failingCases).toBe(0);
    // Its next events are projected as any other case's.
    const next = await appendCaseEvents(store, poisoned, 2, 1);
    await fixedRuntime.waitFor('counting', next.position, 15_000);
    expect(await rowOf(poisoned)).toEqual({ events: 2, revisions: '0,2' });
  });

  it('retries every case in a rebuild: the new generation carries its own marks, the old ones go with it', async () => {
    const poisoned = randomUUID();
    await append(poisoned, 0, [event(poisoned, 0), event(poisoned, 1, { poison: true })]);
    const v1 = await start(fragile());
    const other = await appendCaseEvents(store, randomUUID(), 0, 1);
    await v1.waitFor('counting', other.position, 15_000);

    // A rebuild with the same code finds the same case failing, now in generation 2.
    await requestRebuild(pool, 'counting');
    await waitUntil(async () => (await liveGeneration()) === 2);
    expect(await failing()).toEqual([expect.objectContaining({ caseId: poisoned, attempts: 1 })]);
    await waitUntil(async () => (await markGenerations()).join() === '2');

    // A new version that reads the event: the rebuild leaves nothing failing.
    await v1.stop();
    const v2 = await start(fragile({ fixed: true, version: 2 }));
    await waitUntil(async () => (await liveGeneration()) === 3);
    await v2.waitFor('counting', other.position, 15_000);
    expect(await failing()).toEqual([]);
    await waitUntil(async () => (await markGenerations()).length === 0);
    expect(await rowOf(poisoned)).toEqual({ events: 1, revisions: '0' });
  });

  const liveGeneration = async () =>
    (await pool.query(`SELECT live_generation FROM read_models.projections WHERE name = 'counting'`)).rows[0]?.live_generation as
      | number
      | undefined;

  const markGenerations = async () =>
    (await pool.query('SELECT DISTINCT generation FROM read_models.failing_cases ORDER BY 1')).rows.map((row) => row.generation);
});

const waitUntil = async (condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
};
