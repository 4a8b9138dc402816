import { ApiClient } from './support/api-client.js';
import { startApp, type RunningApp } from './support/running-app.js';
import { MUNICIPALITY } from './support/sample-cases.js';

describe('the per-actor rate limit', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '3' });
  });
  afterAll(async () => running.close());

  it('answers 429 problem+json with Retry-After once an actor has spent its burst, and leaves other actors alone', async () => {
    const busy = new ApiClient(running.baseUrl, await running.token('allocation_officer', MUNICIPALITY, 'busy-officer'));
    const other = busy.as(await running.token('allocation_officer', MUNICIPALITY, 'other-officer'));
    const path = '/cases/00000000-0000-4000-8000-000000000000';
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await busy.get(path)).status);
    expect(statuses).toEqual([404, 404, 404, 429]);

    const limited = await busy.get<{ status: number; type: string }>(path);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.body.status).toBe(429);

    expect((await other.get(path)).status).toBe(404);
  });
});
