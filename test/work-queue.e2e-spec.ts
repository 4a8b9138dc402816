import pg from 'pg';
import { pino } from 'pino';
import { daysBetween, osloDateOf } from '#libs/domain/regulation/oslo-calendar.js';
import { DEFAULT_REGULATION_CONFIG } from '#libs/domain/regulation/regulation-config.js';
import { createPostgresEventStore, type PostgresEventStore } from '#libs/event-store/postgres/postgres-event-store.js';
import { caseSummaryProjection } from '#libs/projections/case-summary/case-summary.projection.js';
import { watchRebuild } from '#libs/projections/runtime/rebuild-progress.js';
import { startProjections, type ProjectionRuntime } from '#libs/projections/runtime/runtime.js';
import type { ApiClient } from './support/api-client.js';
import { startCaseHarness, type CaseHarness } from './support/case-harness.js';
import { OTHER_HOSPITAL, OTHER_MUNICIPALITY, openCase, record, sample } from './support/sample-cases.js';

/** GET /cases: the work queue read from the CaseSummary projection, which the runtime keeps in this test process. */

interface Item {
  caseId: string;
  status: string;
  municipalityCode: string;
  hospitalOrgNumber: string;
  readySince: string | null;
  daysWaiting: number | null;
  nextDeadline: { kind: string; dueAt: string } | null;
  latestDecision: { decisionId: string; serviceType: string } | null;
  liability: { from: string; days: number; amount: number } | null;
  revision: number;
  position: string | null;
  [field: string]: unknown;
}
type Page = { items: Item[]; nextCursor: string | null };

const DAY_MS = 86_400_000;
const T = 60_000;

let harness: CaseHarness;
let pool: pg.Pool;
let store: PostgresEventStore;
let runtime: ProjectionRuntime;
let head = '';
const ours: string[] = [];
let readyCase = '';
let decidedCase = '';
let otherCase = '';
let readyAt = '';

const queue = async (client: ApiClient, query = ''): Promise<Page> => {
  const answer = await client.get<Page>(`/cases?minPosition=${head}${query}`);
  expect(answer.status).toBe(200);
  return answer.body;
};

const dueOrder = (a: Item, b: Item): number => {
  const da = a.nextDeadline?.dueAt ?? null;
  const db = b.nextDeadline?.dueAt ?? null;
  if (da !== db) {
    if (da === null) return 1;
    if (db === null) return -1;
    return Date.parse(da) - Date.parse(db);
  }
  return a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0;
};

beforeAll(async () => {
  harness = await startCaseHarness();
  pool = new pg.Pool({ connectionString: harness.running.database.url, max: 4 });
  store = await createPostgresEventStore({ pool });
  runtime = await startProjections({
    pool,
    store,
    projections: [caseSummaryProjection(DEFAULT_REGULATION_CONFIG)],
    logger: pino({ level: 'silent' }),
    settings: { lockRetryMs: 50, controlIntervalMs: 50 },
  });
  const { hospital, office, otherHospital } = harness;
  for (let i = 0; i < 7; i++) {
    ours.push(await openCase(hospital, { admittedAt: new Date(Date.now() - (10 + i) * DAY_MS).toISOString() }));
  }
  readyCase = ours[0]!;
  readyAt = new Date(Date.now() - 3 * DAY_MS).toISOString();
  await record(hospital, `/cases/${readyCase}/discharge-readiness`, sample.readiness({ declaredAt: readyAt, occurredAt: readyAt }));
  decidedCase = ours[1]!;
  await record(hospital, `/cases/${decidedCase}/discharge-readiness`, sample.readiness());
  await record(office, `/cases/${decidedCase}/decisions`, sample.decision({ serviceType: 'home_care' }));
  otherCase = await openCase(otherHospital, { hospital: { ...OTHER_HOSPITAL }, municipalityCode: OTHER_MUNICIPALITY });
  const last = await record(hospital, `/cases/${ours[2]}/recommendation`, sample.recommendation());
  head = last.body.position as string;
}, T);

afterAll(async () => {
  await runtime?.stop();
  await store?.close();
  await pool?.end();
  await harness?.close();
});

describe('GET /cases', () => {
  it('lists the hospital\'s own cases only, sorted by next deadline (none last) then case id, without names or national IDs', async () => {
    const { items, nextCursor } = await queue(harness.hospital, '&limit=200');
    expect(items.map((item) => item.caseId).sort()).toEqual([...ours].sort());
    expect(nextCursor).toBeNull();
    expect([...items].sort(dueOrder)).toEqual(items);
    expect(JSON.stringify(items)).not.toMatch(/nationalId|patient|Fjellheim|Nordmann/);
    const ready = items.find((item) => item.caseId === readyCase)!;
    expect(ready.status).toBe('awaiting_decision');
    expect(ready.readySince).toBe(readyAt);
    expect(ready.daysWaiting).toBe(daysBetween(osloDateOf(readyAt), osloDateOf(new Date().toISOString())));
    expect(ready.liability).toEqual(expect.objectContaining({ from: osloDateOf(readyAt), days: ready.daysWaiting! + 1 }));
    const decided = items.find((item) => item.caseId === decidedCase)!;
    expect(decided.status).toBe('decided');
    expect(decided.latestDecision).toEqual(expect.objectContaining({ serviceType: 'home_care' }));
  });

  it('answers the same summary fields for one case at GET /cases/{caseId}', async () => {
    const item = (await queue(harness.hospital, '&limit=200')).items.find((i) => i.caseId === readyCase)!;
    const one = await harness.hospital.get<Item>(`/cases/${readyCase}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(
      expect.objectContaining({
        caseId: readyCase,
        readySince: item.readySince,
        daysWaiting: item.daysWaiting,
        nextDeadline: item.nextDeadline,
        participation: item.participation,
        liability: item.liability,
        revision: item.revision,
      }),
    );
  });

  it('gives officers their municipality\'s cases, and nobody else\'s', async () => {
    expect((await queue(harness.otherOffice)).items.map((item) => item.caseId)).toEqual([otherCase]);
    expect((await queue(harness.otherHospital)).items.map((item) => item.caseId)).toEqual([otherCase]);
    const office = (await queue(harness.office, '&limit=200')).items.map((item) => item.caseId);
    expect(office).toEqual(expect.arrayContaining(ours));
    expect(office).not.toContain(otherCase);
    expect((await harness.auditor.get('/cases')).status).toBe(403);
    expect((await harness.admin.get('/cases')).status).toBe(403);
  });

  it('pages through the same order with an opaque cursor', async () => {
    const all = (await queue(harness.hospital, '&limit=200')).items;
    const paged: Item[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await queue(harness.hospital, `&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((item) => item.caseId)).toEqual(all.map((item) => item.caseId));
  });

  it('filters by status, municipality, hospital and readiness', async () => {
    const awaiting = (await queue(harness.hospital, '&status=awaiting_decision')).items;
    expect(awaiting.map((item) => item.caseId)).toEqual([readyCase]);
    const readyBefore = (await queue(harness.hospital, `&readyBefore=${osloDateOf(new Date(Date.now() - DAY_MS).toISOString())}`)).items;
    expect(readyBefore.map((item) => item.caseId)).toEqual([readyCase]);
    expect((await queue(harness.hospital, `&municipalityCode=${OTHER_MUNICIPALITY}`)).items).toEqual([]);
    expect((await queue(harness.office, `&hospitalOrgNumber=${OTHER_HOSPITAL.orgNumber}`)).items).toEqual([]);
  });

  it("filters status=open to the cases that can still move on, in the queue's order", async () => {
    const all = (await queue(harness.hospital, '')).items;
    const open = (await queue(harness.hospital, '&status=open')).items;
    const stillOpen = all.filter((item) => ['notified', 'awaiting_decision', 'decided'].includes(item.status));
    expect(open.map((item) => item.caseId)).toEqual(stillOpen.map((item) => item.caseId));
  });

  it('reads its own write with ?minPosition=, and answers 503 with Retry-After for a position not reached', async () => {
    const caseId = ours[3]!;
    const answer = await record(harness.hospital, `/cases/${caseId}/discharge-readiness`, sample.readiness());
    const position = answer.body.position as string;
    const page = await harness.hospital.get<Page>(`/cases?minPosition=${position}&status=awaiting_decision&limit=200`);
    expect(page.status).toBe(200);
    const item = page.body.items.find((i) => i.caseId === caseId);
    expect(item).toEqual(expect.objectContaining({ status: 'awaiting_decision', position }));
    const [commit] = position.split('-');
    const future = await harness.hospital.get(`/cases?minPosition=${BigInt(commit!) + 1000000n}-0`);
    expect(future.status).toBe(503);
    expect(future.headers.get('retry-after')).toBe('1');
    expect(future.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('refuses bad parameters field by field', async () => {
    const answer = await harness.hospital.get<{ errors: { field: string }[] }>(
      '/cases?status=bogus&municipalityCode=12&hospitalOrgNumber=123456789&readyBefore=yesterday&limit=0&minPosition=abc',
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error) => error.field).sort()).toEqual(
      ['hospitalOrgNumber', 'limit', 'minPosition', 'municipalityCode', 'readyBefore', 'status'],
    );
    expect((await harness.hospital.get('/cases?limit=201')).status).toBe(400);
    expect((await harness.hospital.get('/cases?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    expect((await harness.hospital.get('/cases?sort=name')).status).toBe(400);
  });
});

describe('operating the projection', () => {
  it('shows the lag in /health and /metrics', async () => {
    const health = (await fetch(`${harness.running.baseUrl}/health`).then((r) => r.json())) as { projections: unknown };
    expect(health.projections).toEqual([
      expect.objectContaining({ projection: 'case_summary', eventsBehind: expect.any(Number), secondsBehind: expect.any(Number) }),
    ]);
    const metrics = await fetch(`${harness.running.baseUrl}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/overgang_projection_lag_events\{projection="case_summary"\} \d+/);
    expect(metrics).toMatch(/overgang_projection_lag_seconds\{projection="case_summary"\} [\d.]+/);
  });

  it('rebuilds on an admin\'s request while the work queue keeps answering, none failing', async () => {
    const before = (await queue(harness.hospital, '&limit=200')).items;
    expect((await harness.office.post('/admin/projections/case_summary/rebuild', {})).status).toBe(403);
    expect((await harness.admin.post('/admin/projections/nonesuch/rebuild', {})).status).toBe(404);
    let reading = true;
    const statuses: number[] = [];
    const readers = Array.from({ length: 3 }, async () => {
      while (reading) statuses.push((await harness.hospital.get('/cases?limit=200')).status);
    });
    const since = new Date();
    const answer = await harness.admin.post('/admin/projections/case_summary/rebuild', {});
    expect(answer.status).toBe(202);
    await watchRebuild(pool, 'case_summary', since, { intervalMs: 50, timeoutMs: 30_000 });
    reading = false;
    await readers;
    expect(statuses.length).toBeGreaterThan(5);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const { rows } = await pool.query(`SELECT live_generation FROM read_models.projections WHERE name = 'case_summary'`);
    expect(rows[0].live_generation).toBeGreaterThan(1);
    const after = (await queue(harness.hospital, '&limit=200')).items;
    const stable = (items: Item[]) => items.map(({ daysWaiting: _d, liability: _l, ...rest }) => rest);
    expect(stable(after)).toEqual(stable(before));
  });
});
