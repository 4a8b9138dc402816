import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ApiClient } from './support/api-client.js';
import { PROBLEM_JSON } from './support/case-harness.js';
import { startApp, type RunningApp } from './support/running-app.js';
import { HOSPITAL, sample } from './support/sample-cases.js';

/**
 * api.md, Errors and Operations: the body timeout, the security headers of every answer, correlation ids, and
 * Bull Board under the same rules as the API.
 */

const BODY_TIMEOUT_MS = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let running: RunningApp;
let web: string;
let db: pg.Client;

beforeAll(async () => {
  web = await mkdtemp(join(tmpdir(), 'overgang-web-'));
  await mkdir(join(web, 'assets'));
  await writeFile(join(web, 'index.html'), '<!doctype html><title>Overgang</title><script type="module" src="/assets/app-abc123.js"></script>');
  await writeFile(join(web, 'assets', 'app-abc123.js'), 'console.log(1)');
  running = await startApp({ WEB_DIR: web, HTTP_BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS) });
  db = new pg.Client({ connectionString: running.database.url });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await running?.close();
  await rm(web, { recursive: true, force: true });
});

/** A raw connection: what the server sent until it closed, and how long that took. */
const exchange = async (send: (socket: Socket) => void): Promise<{ text: string; ms: number }> => {
  const { port } = new URL(running.baseUrl);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const started = Date.now();
  let text = '';
  socket.on('data', (chunk) => (text += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise((resolve) => socket.once('close', resolve));
  send(socket);
  await closed;
  return { text, ms: Date.now() - started };
};

const bodyOf = (text: string): Record<string, unknown> => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;

describe('a request that does not arrive in full', () => {
  const CASE_PATH = '/api/v1/cases/00000000-0000-4000-8000-000000000000/wishes';

  it.each([
    ['half a body, without a token', ''],
    ['half a body, with a token', 'office'],
  ])('is answered 408 problem+json and closed: %s', async (_, who) => {
    const token = who ? await running.token('allocation_officer', '5001') : null;
    const { text, ms } = await exchange((socket) => {
      socket.write(
        `POST ${CASE_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n` +
          `${token ? `Authorization: Bearer ${token}\r\n` : ''}\r\n{"source":"user",`,
      );
    });
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toMatch(/\r\nContent-Type: application\/problem\+json\r\n/i);
    expect(text).toMatch(/\r\nX-Content-Type-Options: nosniff\r\n/i);
    expect(bodyOf(text)).toMatchObject({ status: 408, title: 'Request timeout' });
    expect(ms).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 100);
    expect(ms).toBeLessThan(BODY_TIMEOUT_MS + 10_000);
  });

  it('is answered 408 also when its chunked body never ends, or its headers never do', async () => {
    const chunked = await exchange((socket) => {
      socket.write(`POST ${CASE_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"a":\r\n`);
    });
    expect(chunked.text).toMatch(/^HTTP\/1\.1 408 /);
    const headers = await exchange((socket) => socket.write('GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: '));
    expect(headers.text).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers broken HTTP with a problem too, and goes on serving', async () => {
    const broken = await exchange((socket) => socket.write('GET /health HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\n\r\n'));
    expect(broken.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(broken.text)).toMatchObject({ status: 400 });
    const huge = await exchange((socket) => socket.write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(huge.text).toMatch(/^HTTP\/1\.1 431 /);
    expect((await fetch(`${running.baseUrl}/health`)).status).toBe(200);
  });
});

describe('security headers', () => {
  const scriptSources = (policy: string): string => /script-src ([^;]*)/.exec(policy)?.[1] ?? '';

  it('carry nosniff, DENY framing and no-store on every API answer, errors and 404s included', async () => {
    const admin = await running.token('admin', '*');
    const answers = await Promise.all([
      fetch(`${running.baseUrl}/api/v1/admin/access-log`, { headers: { authorization: `Bearer ${admin}` } }),
      fetch(`${running.baseUrl}/api/v1/cases`),
      fetch(`${running.baseUrl}/api/v1/nothing-here`),
      fetch(`${running.baseUrl}/api/v1/cases?readyBefore=9999-12-31`, { headers: { authorization: `Bearer ${admin}` } }),
      fetch(`${running.baseUrl}/health`),
      fetch(`${running.baseUrl}/metrics`),
      fetch(`${running.baseUrl}/docs-json`),
    ]);
    for (const answer of answers) {
      const context = `${answer.url} ${answer.status}`;
      expect([context, answer.headers.get('x-content-type-options')]).toEqual([context, 'nosniff']);
      expect([context, answer.headers.get('cache-control')]).toEqual([context, 'no-store']);
      expect([context, answer.headers.get('x-frame-options')]).toEqual([context, 'DENY']);
      expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it("give the web app a policy without inline script, never framed, and leave its files' caching alone", async () => {
    for (const path of ['/', '/saker/3b1c0c52-8a8f-4a47-9a43-000000000001']) {
      const page = await fetch(`${running.baseUrl}${path}`);
      const policy = page.headers.get('content-security-policy')!;
      expect(scriptSources(policy)).toBe("'self'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("object-src 'none'");
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const asset = await fetch(`${running.baseUrl}/assets/app-abc123.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('give the Swagger UI and Bull Board pages the same policy, and they run no inline script', async () => {
    const admin = await running.token('admin', '*');
    for (const [path, headers] of [['/docs', {}], ['/admin/queues/login', {}], ['/admin/queues', { authorization: `Bearer ${admin}` }]] as const) {
      const page = await fetch(`${running.baseUrl}${path}`, { headers });
      expect(page.status).toBe(200);
      const html = await page.text();
      const policy = page.headers.get('content-security-policy')!;
      expect(scriptSources(policy)).toBe("'self'");
      expect(policy).toContain("style-src 'self' 'unsafe-inline'");
      // Every script the page runs is a file: none inline (a JSON data block is not run).
      expect(html.match(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>/g) ?? []).toEqual([]);
    }
  });
});

describe('correlation ids', () => {
  interface Entry {
    route: string;
    method: string;
    status: number;
    correlation_id: string | null;
  }
  const entryWith = async (correlationId: string): Promise<Entry | undefined> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const { rows } = await db.query<Entry>('SELECT route, method, status, correlation_id FROM access_log.entries WHERE correlation_id = $1', [correlationId]);
      if (rows.length > 0 || Date.now() > deadline) return rows[0];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('are made by the server when the client sends none (or an unusable one), answered, and kept in the access log and the events', async () => {
    const hospital = new ApiClient(running.baseUrl, await running.token('hospital_staff', HOSPITAL.orgNumber, 'nurse-3'));
    for (const sent of [undefined, 'with spaces in it', 'x'.repeat(101)]) {
      const created = await hospital.post<{ caseId: string }>('/cases', sample.admission(), sent === undefined ? {} : { 'x-correlation-id': sent });
      expect(created.status).toBe(201);
      const made = created.headers.get('x-correlation-id')!;
      expect(made).toMatch(UUID);
      expect(await entryWith(made)).toMatchObject({ route: '/api/v1/cases', method: 'POST', status: 201 });
      const { rows } = await db.query<{ correlation_id: string }>(
        `SELECT metadata->>'correlationId' AS correlation_id FROM event_store.events WHERE stream_name = $1`,
        [`case-${created.body.caseId}`],
      );
      expect(rows).toEqual([{ correlation_id: made }]);
    }
    const given = await hospital.post('/cases', sample.admission(), { 'x-correlation-id': 'his-msg-42' });
    expect(given.headers.get('x-correlation-id')).toBe('his-msg-42');
    expect(await entryWith('his-msg-42')).toMatchObject({ route: '/api/v1/cases', status: 201 });
  });

  it('are answered on refusals too, and Bull Board requests are in the access log with theirs', async () => {
    const refused = await fetch(`${running.baseUrl}/api/v1/cases`);
    expect(refused.headers.get('x-correlation-id')).toMatch(UUID);
    const admin = await running.token('admin', '*', 'drift-1');
    const board = await fetch(`${running.baseUrl}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${admin}` } });
    expect(board.status).toBe(200);
    expect(await entryWith(board.headers.get('x-correlation-id')!)).toMatchObject({ route: '/admin/queues/api/queues', method: 'GET', status: 200 });
    const officer = await running.token('allocation_officer', '5001', 'nysgjerrig');
    const forbidden = await fetch(`${running.baseUrl}/admin/queues`, { headers: { authorization: `Bearer ${officer}` } });
    expect(forbidden.status).toBe(403);
    expect(await entryWith(forbidden.headers.get('x-correlation-id')!)).toMatchObject({ route: '/admin/queues', status: 403 });
  });
});

describe('Bull Board', () => {
  it('answers its errors as problem+json', async () => {
    const admin = await running.token('admin', '*');
    for (const [method, path] of [['GET', '/admin/queues/api/queues/nope/1'], ['PUT', '/admin/queues/api/queues/nope/1/retry'], ['GET', '/admin/queues/no/such/page']]) {
      const answer = await fetch(`${running.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${admin}` } });
      expect([path, answer.status]).toEqual([path, 404]);
      expect(answer.headers.get('content-type')).toMatch(PROBLEM_JSON);
      expect(await answer.json()).toMatchObject({ status: 404, type: expect.any(String), title: expect.any(String) });
    }
  });
});
