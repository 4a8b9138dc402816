import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER, loadOrCreateDevKeys } from '#libs/auth/dev-keys.js';
import { createTestDatabase, type TestDatabase } from '#libs/testing/postgres.js';
import { spawnApi, stopProcess, type SpawnedApi } from '#libs/testing/running-api.js';
import { PROBLEM_JSON } from './support/case-harness.js';
import { startApp, type RunningApp } from './support/running-app.js';

/**
 * api.md, Identity: tokens signed with another algorithm than the configured ones, without exp or iat, issued in the
 * future or more than 12 hours ago, or malformed, are 401 problem+json with WWW-Authenticate, on the API and on Bull
 * Board's login alike; never a 500, never a stack trace in the log.
 */

const HOUR = 3600;
const now = (): number => Math.floor(Date.now() / 1000);
const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const CLAIMS = { role: 'admin', org: '*' };

const sign = (alg: string, key: CryptoKey | Uint8Array, times: { iat?: number; exp?: number } = { iat: now(), exp: now() + HOUR }, issuer = DEV_ISSUER, audience = DEV_AUDIENCE): Promise<string> => {
  const jwt = new SignJWT({ ...CLAIMS, ...times }).setProtectedHeader({ alg }).setSubject('angriper').setIssuer(issuer).setAudience(audience);
  return jwt.sign(key);
};

const expect401 = async (response: Response, label: string): Promise<void> => {
  const text = await response.text();
  if (response.status !== 401) throw new Error(`${label}: ${response.status} ${text.slice(0, 300)}`);
  expect(response.headers.get('content-type')).toMatch(PROBLEM_JSON);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(JSON.parse(text)).toMatchObject({ status: 401, detail: expect.stringMatching(/^The token was refused: /) });
};

describe('with development keys', () => {
  let running: RunningApp;
  let log = '';
  let keys: Awaited<ReturnType<typeof loadOrCreateDevKeys>>;

  beforeAll(async () => {
    running = await startApp({ LOG_LEVEL: 'info' });
    for (const stream of [running.process.stdout!, running.process.stderr!]) stream.on('data', (chunk: Buffer) => (log += chunk.toString()));
    keys = await loadOrCreateDevKeys(running.keyDir);
  });
  afterAll(async () => running?.close());

  const attacks = async (): Promise<[string, string][]> => {
    const publicPem = await readFile(join(running.keyDir, 'public.pem'));
    const others = await Promise.all(['RS256', 'PS256', 'EdDSA', 'ES384'].map(async (alg) => [alg, (await generateKeyPair(alg)).privateKey] as const));
    const unsigned = { ...CLAIMS, sub: 'angriper', iss: DEV_ISSUER, aud: DEV_AUDIENCE, iat: now(), exp: now() + HOUR };
    return [
      ['HS256 signed with the public key as its secret', await sign('HS256', new Uint8Array(publicPem))],
      ...(await Promise.all(others.map(async ([alg, key]) => [`${alg} signed by its own key`, await sign(alg, key)] as [string, string]))),
      ['alg none', `${base64url({ alg: 'none' })}.${base64url(unsigned)}.`],
      ['ES256 without exp', await sign('ES256', keys.privateKey, { iat: now() })],
      ['ES256 without iat', await sign('ES256', keys.privateKey, { exp: now() + HOUR })],
      ['ES256 issued a year ahead', await sign('ES256', keys.privateKey, { iat: now() + 365 * 24 * HOUR, exp: now() + 366 * 24 * HOUR })],
      ['ES256 issued 13 hours ago, not expired', await sign('ES256', keys.privateKey, { iat: now() - 13 * HOUR, exp: now() + HOUR })],
      ['ES256 expired', await sign('ES256', keys.privateKey, { iat: now() - 2 * HOUR, exp: now() - HOUR })],
      ['ES256 for another audience', await sign('ES256', keys.privateKey, undefined, DEV_ISSUER, 'another-api')],
      ['garbage', 'not-a-token'],
      ['a JWE', 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aaaa.bbbb.cccc'],
      ['a header that is not JSON', 'e30K.e30.c2ln'],
      ['a payload that is not JSON', `${base64url({ alg: 'ES256' })}.bm90IGpzb24.c2ln`],
    ];
  };

  it('refuses every attack on the token with 401 and WWW-Authenticate: Bearer error="invalid_token", on every route', async () => {
    for (const [label, token] of await attacks()) {
      const authorization = `Bearer ${token}`;
      for (const path of ['/api/v1/cases', '/api/v1/admin/access-log', '/api/v1/audit/allocations']) {
        const response = await fetch(`${running.baseUrl}${path}`, { headers: { authorization } });
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="overgang", error="invalid_token", error_description="[^"\\]*"$/);
        await expect401(response, `${label} on ${path}`);
      }
      const command = await fetch(`${running.baseUrl}/api/v1/cases`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: '{}' });
      await expect401(command, `${label} on POST /cases`);
    }
  });

  it("refuses them on Bull Board's login and cookie alike", async () => {
    for (const [label, token] of await attacks()) {
      const login = await fetch(`${running.baseUrl}/admin/queues/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      await expect401(login, `${label} on the login`);
      expect(login.headers.get('set-cookie')).toBeNull();
      const board = await fetch(`${running.baseUrl}/admin/queues/api/queues`, { headers: { cookie: `overgang_queue_dashboard=${encodeURIComponent(token)}` } });
      await expect401(board, `${label} in the cookie`);
    }
  });

  it('answers a missing token with 401 and a bare challenge', async () => {
    for (const authorization of [undefined, '', 'Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Bearer a b']) {
      const response = await fetch(`${running.baseUrl}/api/v1/cases`, { headers: authorization === undefined ? {} : { authorization } });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="overgang"');
      expect(response.headers.get('content-type')).toMatch(PROBLEM_JSON);
    }
  });

  it('logged no error and no stack trace for any of them', () => {
    expect(log).not.toMatch(/"level":(50|60)/);
    expect(log).not.toMatch(/\n\s+at /);
  });

  it('takes the tokens of the web app\'s development sign-in and of npm run token: issued now, expiring within 12 hours', async () => {
    const signIn = await fetch(`${running.baseUrl}/api/v1/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'allocation_officer', org: '5001' }) });
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    const { stdout } = await promisify(execFile)(process.execPath, ['dist/scripts/token.js', '--role', 'admin', '--org', '*'], {
      env: { ...process.env, AUTH_DEV_KEY_DIR: running.keyDir },
    });
    for (const token of [accessToken, stdout.trim()]) {
      const { iat, exp } = decodeJwt(token);
      expect(Math.abs(iat! - now())).toBeLessThan(60);
      expect(exp! - iat!).toBeLessThanOrEqual(12 * HOUR);
      const answer = await fetch(`${running.baseUrl}/api/v1/cases/00000000-0000-4000-8000-000000000000`, { headers: { authorization: `Bearer ${token}` } });
      expect([404, 403]).toContain(answer.status);
    }
    await expect(promisify(execFile)(process.execPath, ['dist/scripts/token.js', '--role', 'admin', '--org', '*', '--ttl-hours', '13'], {
      env: { ...process.env, AUTH_DEV_KEY_DIR: running.keyDir },
    })).rejects.toMatchObject({ code: 2 });
  });
});

describe('with an OpenID Connect issuer', () => {
  const ISSUER = 'https://helseid.example';
  let jwks: Server;
  let published: { keys: JWK[] } | null;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let database: TestDatabase;
  let api: SpawnedApi;

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256', { extractable: true });
    published = null;
    jwks = createServer((_request, response) => {
      if (published) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(published));
      else response.destroy();
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    database = await createTestDatabase('overgang_oidc');
    api = await spawnApi(database.url, '/nonexistent', {
      AUTH_MODE: 'oidc',
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: 'overgang',
      AUTH_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`,
    });
  });
  afterAll(async () => {
    if (api) await stopProcess(api.process);
    await database?.drop();
    await new Promise((resolve) => jwks.close(resolve));
  });

  const issued = (alg: string, key: CryptoKey | Uint8Array, kid = 'k1'): Promise<string> =>
    new SignJWT({ ...CLAIMS }).setProtectedHeader({ alg, kid }).setSubject('drift').setIssuer(ISSUER).setAudience('overgang')
      .setIssuedAt().setExpirationTime('1h').sign(key);
  const get = (token: string): Promise<Response> => fetch(`${api.baseUrl}/api/v1/admin/access-log`, { headers: { authorization: `Bearer ${token}` } });

  it('answers 503 with Retry-After, not 401 or 500, while the issuer cannot be reached, and takes its tokens once it can', async () => {
    published = null;
    const token = await issued('RS256', rsa.privateKey);
    const answer = await get(token);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toMatch(PROBLEM_JSON);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    published = { keys: [{ ...(await exportJWK(rsa.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
    const deadline = Date.now() + 15_000;
    let status = 503;
    while (status === 503 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = (await get(token)).status;
    }
    expect(status).toBe(200);
  }, 30_000);

  it("refuses tokens in an algorithm the issuer's keys do not publish", async () => {
    const modulus = new TextEncoder().encode((await exportJWK(rsa.publicKey)).n!);
    await expect401(await get(await issued('HS256', modulus)), 'HS256 with the modulus');
    await expect401(await get(await issued('PS256', (await generateKeyPair('PS256')).privateKey)), 'PS256');
    await expect401(await get(await issued('ES256', (await generateKeyPair('ES256')).privateKey)), 'ES256');
    await expect401(await get(await issued('RS256', (await generateKeyPair('RS256')).privateKey, 'unknown-kid')), 'an unknown key');
  });
});
