import { freePort, startApp, type RunningApp } from './support/running-app.js';

/** api.md, Operations: liveness, readiness and the details, with every dependency up and with Redis unreachable. */
describe('the health endpoints', () => {
  let running: RunningApp;
  let withoutRedis: RunningApp;

  beforeAll(async () => {
    [running, withoutRedis] = await Promise.all([
      startApp(),
      // Nothing listens there: the API comes up (its process answers) but is not ready.
      freePort().then((port) => startApp({ REDIS_URL: `redis://127.0.0.1:${port}` })),
    ]);
  }, 60_000);
  afterAll(async () => Promise.all([running?.close(), withoutRedis?.close()]));

  const get = async (app: RunningApp, path: string) => {
    const response = await fetch(`${app.baseUrl}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('are live and ready, and ok, when PostgreSQL and Redis answer; none needs a token', async () => {
    expect(await get(running, '/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get(running, '/health/ready')).toMatchObject({
      status: 200,
      body: { status: 'ok', checks: { postgres: { status: 'up' }, redis: { status: 'up' } } },
    });
    expect(await get(running, '/health')).toMatchObject({
      status: 200,
      body: { status: 'ok', reasons: [], components: [{ component: 'deadline_timer', failingCaseCount: 0 }] },
    });
  });

  it('are live but neither ready nor ok while Redis is unreachable: 503, down, saying why', async () => {
    expect(await get(withoutRedis, '/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get(withoutRedis, '/health/ready')).toMatchObject({
      status: 503,
      body: { status: 'down', checks: { postgres: { status: 'up' }, redis: { status: 'down' } } },
    });
    const details = await get(withoutRedis, '/health');
    expect(details).toMatchObject({ status: 503, body: { status: 'down', deadlineJobs: null } });
    expect(details.body.reasons).toEqual([expect.stringMatching(/^redis is down: /)]);
  }, 20_000);

  it('are documented in the OpenAPI document', async () => {
    const document = (await (await fetch(`${running.baseUrl}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/health', '/health/live', '/health/ready', '/api/v1/admin/failing-cases', '/api/v1/admin/failing-cases/retry']),
    );
  });
});
