import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { ApiClient, type ApiAnswer } from './support/api-client.js';
import { startApiCluster, type ApiCluster } from './support/api-cluster.js';
import { freePort, startApp, type RunningApp } from './support/running-app.js';
import { MUNICIPALITY } from './support/sample-cases.js';

/** The rate limit lives in Redis, under a key prefix of each test's own (QUEUE_PREFIX), so runs never share a limit. */
const limited = (perSecond: number, burst: number): Record<string, string> => ({
  RATE_LIMIT_PER_SECOND: String(perSecond),
  RATE_LIMIT_BURST: String(burst),
  QUEUE_PREFIX: `rate${randomBytes(4).toString('hex')}`,
});

const isListening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

/** Sends until the limit refuses, and answers that refusal. */
const firstRefusal = async (client: ApiClient, headers: Record<string, string> = {}): Promise<ApiAnswer<{ status: number }>> => {
  for (let i = 0; i < 20; i += 1) {
    const answer = await client.get<{ status: number }>(NO_CASE, headers);
    if (answer.status === 429) return answer;
  }
  throw new Error('never refused');
};

const NO_CASE = '/cases/00000000-0000-4000-8000-000000000000';

const statuses = async (client: ApiClient, count: number, headers: Record<string, string> = {}): Promise<number[]> => {
  const answers: number[] = [];
  for (let i = 0; i < count; i += 1) answers.push((await client.get(NO_CASE, headers)).status);
  return answers;
};

describe('the per-actor rate limit', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp(limited(1, 3));
  });
  afterAll(async () => running.close());

  // One request a second is refilled, so exact sequences would depend on the machine's speed: a burst is let through,
  // and past it, some are refused.
  const expectBurstThenRefused = (answers: number[], burst: number, allowed: number): void => {
    expect(answers.slice(0, burst)).toEqual(answers.slice(0, burst).map(() => allowed));
    expect(answers.slice(burst)).toContain(429);
  };

  it('answers 429 problem+json with Retry-After once an actor has spent its burst, and leaves other actors alone', async () => {
    const busy = new ApiClient(running.baseUrl, await running.token('allocation_officer', MUNICIPALITY, 'busy-officer'));
    const other = busy.as(await running.token('allocation_officer', MUNICIPALITY, 'other-officer'));
    expectBurstThenRefused(await statuses(busy, 6), 3, 404);

    const refused = await firstRefusal(busy);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body.status).toBe(429);

    expect((await other.get(NO_CASE)).status).toBe(404);
  });

  it('counts requests without a valid token per client address, so a flood of bad tokens is limited too', async () => {
    // The API believes X-Forwarded-For from loopback (TRUST_PROXY's default), as from a proxy on the same host.
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const forged = new ApiClient(running.baseUrl, 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln');
    expectBurstThenRefused(await statuses(forged, 6, from('192.0.2.10')), 3, 401);
    const refused = await firstRefusal(forged, from('192.0.2.10'));
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const noToken = new ApiClient(running.baseUrl, '');
    expect((await noToken.get(NO_CASE, { ...from('192.0.2.12'), authorization: '' })).status).toBe(401);
    expect((await firstRefusal(noToken, { ...from('192.0.2.12'), authorization: '' })).status).toBe(429);
    // Another address, and a valid token from the flooded one, are not held back.
    expect((await forged.get(NO_CASE, from('192.0.2.11'))).status).toBe(401);
    const valid = new ApiClient(running.baseUrl, await running.token('allocation_officer', MUNICIPALITY, 'officer-behind-the-same-proxy'));
    expect((await valid.get(NO_CASE, from('192.0.2.10'))).status).toBe(404);
  });
});

describe('the rate limit across API processes', () => {
  let cluster: ApiCluster;

  beforeAll(async () => {
    cluster = await startApiCluster(2, limited(1, 4));
  }, 60_000);
  afterAll(async () => cluster?.close());

  it('is one limit: an actor that spent its burst on one process is refused by the other', async () => {
    const token = await cluster.token('allocation_officer', MUNICIPALITY, 'officer-on-two-processes');
    const [one, two] = cluster.baseUrls.map((baseUrl) => new ApiClient(baseUrl, token));
    expect(await statuses(one!, 4)).toEqual([404, 404, 404, 404]);
    // With a limit per process, the second would let a burst of 4 through.
    expect(await statuses(two!, 3)).toContain(429);
  });
});

describe('while Redis is unreachable', () => {
  let redis: ChildProcess | null = null;
  let redisPort: number;
  let running: RunningApp;

  const startRedis = async (): Promise<void> => {
    redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await isListening(redisPort)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('redis-server did not start');
  };
  const stopRedis = async (): Promise<void> => {
    const child = redis;
    redis = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };

  beforeAll(async () => {
    redisPort = await freePort();
    await startRedis();
    running = await startApp({ ...limited(1, 2), REDIS_URL: `redis://127.0.0.1:${redisPort}`, LOG_LEVEL: 'info' });
  }, 60_000);
  afterAll(async () => {
    await running?.close();
    await stopRedis();
  });

  const metric = async (): Promise<string | undefined> =>
    /^overgang_rate_limit_available (\d)$/m.exec(await (await fetch(`${running.baseUrl}/metrics`)).text())?.[1];

  it('serves every request unlimited (fails open), says so in the log, and limits again once Redis is back', async () => {
    let log = '';
    running.process.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const officer = new ApiClient(running.baseUrl, await running.token('allocation_officer', MUNICIPALITY, 'officer-during-outage'));
    expect(await statuses(officer, 4)).toContain(429);
    expect(await metric()).toBe('1');

    await stopRedis();
    expect(await statuses(officer, 6)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(log.match(/rate limit unavailable/g)).toHaveLength(1);

    await startRedis();
    const deadline = Date.now() + 20_000;
    let answers: number[] = [];
    while (Date.now() < deadline) {
      answers = await statuses(officer, 3);
      if (answers.includes(429)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(answers).toContain(429);
    expect(log).toMatch(/rate limit available again/);
    expect(await metric()).toBe('1');
  }, 40_000);
});
