import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp } from './support/running-app.js';

const devToken = (app: RunningApp, body: unknown) =>
  fetch(`${app.baseUrl}/api/v1/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the web app served by the API, and its sign-in endpoints', () => {
  let web: string;
  let dev: RunningApp;
  let oidc: RunningApp;

  beforeAll(async () => {
    web = await mkdtemp(join(tmpdir(), 'overgang-web-'));
    await mkdir(join(web, 'assets'));
    await writeFile(join(web, 'index.html'), '<!doctype html><title>Overgang</title>');
    await writeFile(join(web, 'assets', 'app-abc123.js'), 'console.log(1)');
    [dev, oidc] = await Promise.all([
      startApp({ WEB_DIR: web }),
      startApp({
        WEB_DIR: web,
        AUTH_MODE: 'oidc',
        AUTH_ISSUER: 'https://issuer.example',
        AUTH_AUDIENCE: 'overgang',
        AUTH_JWKS_URL: 'https://issuer.example/jwks',
        AUTH_WEB_CLIENT_ID: 'overgang-web',
      }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([dev?.close(), oidc?.close()]);
    await rm(web, { recursive: true, force: true });
  }, 30_000);

  it('serves index.html at / and for client routes, uncached; hashed assets cached for good', async () => {
    for (const path of ['/', '/saker/3b1c0c52-8a8f-4a47-9a43-000000000001', '/kvalitet']) {
      const page = await fetch(`${dev.baseUrl}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toContain('<title>Overgang</title>');
    }
    const asset = await fetch(`${dev.baseUrl}/assets/app-abc123.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('answers an unknown API path with a problem, never the web page', async () => {
    for (const path of ['/api/v1/nothing-here', '/api', '/docs/nothing', '/metrics/x']) {
      const response = await fetch(`${dev.baseUrl}${path}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('mints a working token for a role when AUTH_MODE=dev, refusing an org that does not fit the role', async () => {
    const minted = await devToken(dev, { role: 'allocation_officer', org: '5001', name: 'Saksbehandler' });
    expect(minted.status).toBe(200);
    const { accessToken } = (await minted.json()) as { accessToken: string };
    const read = await fetch(`${dev.baseUrl}/api/v1/cases/3b1c0c52-8a8f-4a47-9a43-000000000001`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(read.status).toBe(404); // authenticated: the case just does not exist

    const wrong = await devToken(dev, { role: 'hospital_staff', org: '974749026' });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('org');
    expect((await devToken(dev, { role: 'admin', org: '5001' })).status).toBe(400);
    expect((await devToken(dev, { role: 'root', org: '*' })).status).toBe(400);
  });

  it('has no token endpoint unless AUTH_MODE=dev, and tells the web app how to sign in', async () => {
    expect((await devToken(oidc, { role: 'admin', org: '*' })).status).toBe(404);
    expect(await (await fetch(`${dev.baseUrl}/api/v1/auth/config`)).json()).toEqual({ mode: 'dev' });
    expect(await (await fetch(`${oidc.baseUrl}/api/v1/auth/config`)).json()).toEqual({
      mode: 'oidc',
      authority: 'https://issuer.example',
      clientId: 'overgang-web',
      scope: 'openid profile',
    });
  });
});
