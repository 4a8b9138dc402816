import { daysBetween, osloDateOf } from '#libs/domain/regulation/oslo-calendar.js';
import { ApiClient } from './support/api-client.js';
import { expectProblem } from './support/case-harness.js';
import { startCaseSummaries, type RunningCaseSummaries } from './support/case-summaries.js';
import { startApp, type RunningApp } from './support/running-app.js';
import { HOSPITAL, MUNICIPALITY, openCase, record, sample } from './support/sample-cases.js';

/**
 * GET /cases/{caseId} reads the case summary read model, as GET /cases does: with CLOCK set both count days to the
 * same today; before the read model exists it answers 503 with Retry-After; once it does, the case at its latest event.
 */

const DAY_MS = 24 * 3600_000;
/** The test clock runs ten days ahead of the system's. */
const OFFSET_MS = 10 * DAY_MS;

interface Summary {
  caseId: string;
  revision: number;
  daysWaiting: number | null;
  liability: { days: number; amount: number } | null;
  nextDeadline: unknown;
}

describe('reading one case', () => {
  let running: RunningApp;
  let caseSummaries: RunningCaseSummaries | undefined;
  let hospital: ApiClient;
  let office: ApiClient;

  beforeAll(async () => {
    running = await startApp({ CLOCK: `offset:${OFFSET_MS}` });
    hospital = new ApiClient(running.baseUrl, await running.token('hospital_staff', HOSPITAL.orgNumber));
    office = new ApiClient(running.baseUrl, await running.token('allocation_officer', MUNICIPALITY));
  }, 60_000);

  afterAll(async () => {
    await caseSummaries?.stop();
    await running?.close();
  });

  it('answers 503 with Retry-After while the case summary read model has never been built, and the case once it is', async () => {
    const caseId = await openCase(hospital);
    const early = await office.get(`/cases/${caseId}`);
    expectProblem(early, 503);
    expect(early.headers.get('retry-after')).toBe('1');
    // The history reads the event log itself, and answers.
    expect((await office.get(`/cases/${caseId}/history`)).status).toBe(200);

    caseSummaries = await startCaseSummaries(running.database.url);
    const read = await office.get<Summary>(`/cases/${caseId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ caseId, revision: 0 });
    expect(read.headers.get('etag')).toBe('"0"');
  }, 60_000);

  it('counts days waiting and running liability to the same today as the work queue, by the injected clock', async () => {
    const now = Date.now() + OFFSET_MS;
    const declaredAt = new Date(now - 3 * DAY_MS).toISOString();
    const caseId = await openCase(hospital, { admittedAt: new Date(now - 5 * DAY_MS).toISOString() });
    const ready = await record(hospital, `/cases/${caseId}/discharge-readiness`, sample.readiness({ declaredAt, occurredAt: declaredAt }));

    // Read your write: no minPosition needed, the answer is the case at its latest event.
    const one = await hospital.get<Summary>(`/cases/${caseId}`);
    expect(one.status).toBe(200);
    expect(one.body.revision).toBe(ready.body.revision);
    const queue = await hospital.get<{ items: Summary[] }>(`/cases?minPosition=${ready.body.position as string}&limit=200`);
    const item = queue.body.items.find((candidate) => candidate.caseId === caseId)!;

    const expectedDays = daysBetween(osloDateOf(declaredAt), osloDateOf(new Date(Date.now() + OFFSET_MS).toISOString()));
    expect(one.body.daysWaiting).toBe(expectedDays);
    expect(item.daysWaiting).toBe(expectedDays);
    expect(one.body.liability).toEqual(item.liability);
    expect(one.body.liability?.days).toBe(expectedDays + 1);
    expect(one.body.nextDeadline).toEqual(item.nextDeadline);
  }, 60_000);
});
