import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { requestHash } from '../apps/api/src/idempotency/idempotency.interceptor.js';
import { expectProblem, historyOf, startCaseHarness, type CaseHarness } from './support/case-harness.js';
import { MUNICIPALITY, OTHER_MUNICIPALITY, record, sample } from './support/sample-cases.js';

/**
 * api.md, Commands: a key belongs to the caller (sub, role and org together), a replay re-checks the caller's scope,
 * a claim whose first request never finished lapses after 60 s, and keys expire after 24 h.
 */

let h: CaseHarness;
let db: pg.Client;

beforeAll(async () => {
  h = await startCaseHarness();
  db = new pg.Client({ connectionString: h.running.database.url });
  await db.connect();
}, 60_000);
afterAll(async () => {
  await db?.end();
  await h?.close();
});

const SUB = 'kari.nordmann@helseid';

const openCase = async (): Promise<string> => {
  const caseId = randomUUID();
  await record(h.hospital, '/cases', sample.admission({ caseId }));
  return caseId;
};

/** A key row as the API stores it; `role` and `org` '' for a key recorded before keys were per caller. */
const storeKey = (row: { role: string; org: string; key: string; hash: string; status?: number; response?: unknown; claimedAgo?: string; expiresIn?: string }) =>
  db.query(
    `INSERT INTO api.idempotency_keys (sub, role, org, key, request_hash, status_code, response, claim_id, claimed_at, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() - $9::interval, now() - $9::interval, now() + $10::interval)`,
    [SUB, row.role, row.org, row.key, row.hash, row.status ?? null, row.response === undefined ? null : JSON.stringify(row.response),
      randomUUID(), row.claimedAgo ?? '0 seconds', row.expiresIn ?? '24 hours'],
  );

describe('Idempotency-Key', () => {
  it("is the caller's own: the same person in another municipality gets no stored answer for a case outside their scope", async () => {
    const caseId = await openCase();
    const path = `/cases/${caseId}/wishes`;
    const key = `wish-${randomUUID()}`;
    const here = await h.client('allocation_officer', MUNICIPALITY, SUB);
    const there = await h.client('allocation_officer', OTHER_MUNICIPALITY, SUB);
    const first = await here.post(path, sample.wish(), { 'idempotency-key': key });
    expect(first.status).toBe(200);
    const before = await h.totalEvents();

    const replayElsewhere = await there.post(path, sample.wish(), { 'idempotency-key': key });
    expectProblem(replayElsewhere, 404);
    expect(replayElsewhere.headers.get('idempotent-replayed')).toBeNull();
    const replayHere = await here.post(path, sample.wish(), { 'idempotency-key': key });
    expect(replayHere.headers.get('idempotent-replayed')).toBe('true');
    expect(replayHere.body).toEqual(first.body);
    expect(await h.totalEvents()).toBe(before);
  });

  it("re-checks the caller's scope on a replay: a key recorded before keys were per caller answers 404 outside it", async () => {
    const caseId = await openCase();
    const path = `/cases/${caseId}/wishes`;
    const body = sample.wish();
    const key = `legacy-${randomUUID()}`;
    const stored = { caseId, revision: 1, position: '1-1' };
    await storeKey({ role: '', org: '', key, hash: requestHash('POST', `/api/v1${path}`, body), status: 200, response: stored });
    const before = await h.totalEvents();

    const there = await h.client('allocation_officer', OTHER_MUNICIPALITY, SUB);
    expectProblem(await there.post(path, body, { 'idempotency-key': key }), 404);
    const here = await h.client('allocation_officer', MUNICIPALITY, SUB);
    const replay = await here.post(path, body, { 'idempotency-key': key });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(stored);
    expect(await h.totalEvents()).toBe(before);
  });

  it('is free again 60 s after a first request that never finished (a crashed process), and not before', async () => {
    const caseId = await openCase();
    const path = `/cases/${caseId}/wishes`;
    const body = sample.wish();
    const hash = requestHash('POST', `/api/v1${path}`, body);
    const office = await h.client('allocation_officer', MUNICIPALITY, SUB);

    const lapsed = `lapsed-${randomUUID()}`;
    await storeKey({ role: 'allocation_officer', org: MUNICIPALITY, key: lapsed, hash, claimedAgo: '61 seconds' });
    const taken = await office.post(path, body, { 'idempotency-key': lapsed });
    expect(taken.status).toBe(200);
    expect(taken.headers.get('idempotent-replayed')).toBeNull();
    expect(await historyOf(h.office, caseId)).toHaveLength(2);

    const held = `held-${randomUUID()}`;
    await storeKey({ role: 'allocation_officer', org: MUNICIPALITY, key: held, hash, claimedAgo: '50 seconds' });
    const busy = await office.post(path, body, { 'idempotency-key': held });
    expect(expectProblem(busy, 409).rule).toBe('idempotent-request-in-progress');
    expect(await historyOf(h.office, caseId)).toHaveLength(2);
  }, 30_000);

  it('expires after 24 hours: an expired key is a new key', async () => {
    const caseId = await openCase();
    const path = `/cases/${caseId}/wishes`;
    const body = sample.wish();
    const key = `expired-${randomUUID()}`;
    await storeKey({
      role: 'allocation_officer', org: MUNICIPALITY, key, hash: 'another request', status: 200,
      response: { caseId, revision: 1, position: '1-1' }, claimedAgo: '25 hours', expiresIn: '-1 hour',
    });
    const office = await h.client('allocation_officer', MUNICIPALITY, SUB);
    const answer = await office.post(path, body, { 'idempotency-key': key });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('idempotent-replayed')).toBeNull();
    expect(await historyOf(h.office, caseId)).toHaveLength(2);
  });
});
