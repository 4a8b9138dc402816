import pg from 'pg';
import { ApiClient } from './support/api-client.js';
import { startCaseSummaries, type RunningCaseSummaries } from './support/case-summaries.js';
import { startApp, type RunningApp } from './support/running-app.js';
import { HOSPITAL, MUNICIPALITY, sample } from './support/sample-cases.js';

interface Entry {
  actor_sub: string;
  actor_role: string;
  actor_org: string;
  method: string;
  route: string;
  case_id: string | null;
  status: number;
  correlation_id: string | null;
}

describe('the access log: every authenticated request, attributed to its actor', () => {
  let running: RunningApp;
  let caseSummaries: RunningCaseSummaries;
  let db: pg.Client;

  beforeAll(async () => {
    running = await startApp();
    caseSummaries = await startCaseSummaries(running.database.url);
    db = new pg.Client({ connectionString: running.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await caseSummaries.stop();
    await running.close();
  });

  const entriesFor = async (caseId: string, expected: number): Promise<Entry[]> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const { rows } = await db.query<Entry>('SELECT * FROM access_log.entries WHERE case_id = $1 ORDER BY id', [caseId]);
      if (rows.length >= expected || Date.now() > deadline) return rows;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('records who wrote and who read a case, by route pattern, with the status answered', async () => {
    const hospital = new ApiClient(running.baseUrl, await running.token('hospital_staff', HOSPITAL.orgNumber, 'nurse-17'));
    const officer = hospital.as(await running.token('allocation_officer', MUNICIPALITY, 'officer-4'));
    const auditor = hospital.as(await running.token('quality_auditor', '*', 'auditor-2'));
    const outsider = hospital.as(await running.token('allocation_officer', '5501', 'officer-9'));

    const created = await hospital.post<{ caseId: string }>('/cases', sample.admission(), { 'x-correlation-id': 'his-msg-1' });
    expect(created.status).toBe(201);
    const { caseId } = created.body;
    expect((await officer.get(`/cases/${caseId}`)).status).toBe(200);
    expect((await auditor.get(`/cases/${caseId}/history`)).status).toBe(200);
    expect((await outsider.get(`/cases/${caseId}`)).status).toBe(404);
    await fetch(`${running.baseUrl}/api/v1/cases/${caseId}`); // no token: nobody to attribute, nothing read

    const entries = await entriesFor(caseId, 3);
    expect(entries.map(({ actor_sub, actor_role, method, route, status }) => [actor_sub, actor_role, method, route, status])).toEqual([
      ['officer-4', 'allocation_officer', 'GET', '/api/v1/cases/:caseId', 200],
      ['auditor-2', 'quality_auditor', 'GET', '/api/v1/cases/:caseId/history', 200],
      ['officer-9', 'allocation_officer', 'GET', '/api/v1/cases/:caseId', 404],
    ]);
    const { rows: admissions } = await db.query<Entry>(
      "SELECT * FROM access_log.entries WHERE route = '/api/v1/cases' AND method = 'POST' AND actor_sub = 'nurse-17'",
    );
    expect(admissions).toHaveLength(1);
    expect(admissions[0]).toMatchObject({ actor_org: HOSPITAL.orgNumber, status: 201, correlation_id: 'his-msg-1' });
  });

  it('lets an admin read who accessed a case, newest first, page by page; no one else', async () => {
    const hospital = new ApiClient(running.baseUrl, await running.token('hospital_staff', HOSPITAL.orgNumber, 'nurse-5'));
    const officer = hospital.as(await running.token('allocation_officer', MUNICIPALITY, 'officer-6'));
    const admin = hospital.as(await running.token('admin', '*', 'admin-1'));
    const { caseId } = (await hospital.post<{ caseId: string }>('/cases', sample.admission())).body;
    for (let i = 0; i < 3; i++) await officer.get(`/cases/${caseId}`);
    await entriesFor(caseId, 3);

    const first = await admin.get<{ items: { actor: { sub: string }; route: string }[]; nextCursor: string }>(
      `/admin/access-log?caseId=${caseId}&limit=2`,
    );
    expect(first.status).toBe(200);
    expect(first.body.items.map((item) => item.actor.sub)).toEqual(['officer-6', 'officer-6']);
    const rest = await admin.get<{ items: unknown[]; nextCursor: string | null }>(
      `/admin/access-log?caseId=${caseId}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();

    expect((await officer.get(`/admin/access-log?caseId=${caseId}`)).status).toBe(403);
    const bad = await admin.get<{ errors: { field: string }[] }>('/admin/access-log?caseId=nope&limit=9999');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error) => error.field).sort()).toEqual(['caseId', 'limit']);
  });
});
