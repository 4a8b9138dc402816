import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { API_MAIN, startApp, type RunningApp } from './support/running-app.js';

describe('the API process', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => running.close());

  it('reports PostgreSQL and Redis as up on /health without a token', async () => {
    const response = await fetch(`${running.baseUrl}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(body.checks.postgres?.status).toBe('up');
    expect(body.checks.redis?.status).toBe('up');
  });

  it('serves the OpenAPI document at /docs-json and the browsable docs at /docs', async () => {
    const document = (await (await fetch(`${running.baseUrl}/docs-json`)).json()) as { openapi: string; paths: object };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toContain('/health');
    const page = await fetch(`${running.baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
  });

  it('declares the 200 response schema of the case and audit reads in the OpenAPI document', async () => {
    type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema };
    const document = (await (await fetch(`${running.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, { schema: Schema }> }> } }>;
      components: { schemas: Record<string, Schema> };
    };
    const resolve = (schema: Schema | undefined): Schema | undefined =>
      schema?.$ref === undefined ? schema : document.components.schemas[schema.$ref.replace('#/components/schemas/', '')];
    const ok = (path: string): Schema | undefined =>
      resolve(document.paths[path]?.get?.responses['200']?.content?.['application/json']?.schema);

    expect(Object.keys(ok('/api/v1/cases/{caseId}')?.properties ?? {})).toEqual(
      expect.arrayContaining(['caseId', 'status', 'patient', 'readySince', 'nextDeadline', 'revision', 'position']),
    );
    expect(Object.keys(resolve(ok('/api/v1/audit/allocations')?.properties?.items?.items)?.properties ?? {})).toEqual(
      expect.arrayContaining(['decisionId', 'level', 'ladderStep', 'conditions', 'influenceQuality', 'ruleVersion']),
    );
  });

  it('serves Prometheus metrics with request latencies', async () => {
    await fetch(`${running.baseUrl}/health`);
    const response = await fetch(`${running.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/overgang_http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} [1-9]/);
  });

  it('answers unknown routes with problem+json', async () => {
    const response = await fetch(`${running.baseUrl}/api/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 404, title: 'Not found' });
  });
});

describe('start-up with a wrong DATABASE_URL', () => {
  const main = API_MAIN;

  it('exits with one clear line, not a stack trace', () => {
    expect(existsSync(main)).toBe(true);
    const result = spawnSync(process.execPath, [main], {
      env: { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/overgang', PORT: '0', NODE_OPTIONS: '' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^overgang-api: Cannot reach PostgreSQL at 127\.0\.0\.1:1\/overgang \(DATABASE_URL\): /);
  });

  it('exits with one clear line when DATABASE_URL is not a PostgreSQL URL', () => {
    const result = spawnSync(process.execPath, [main], {
      env: { ...process.env, DATABASE_URL: 'mysql://localhost/x', NODE_OPTIONS: '' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('overgang-api: DATABASE_URL must start with postgres:// or postgresql://\n');
  });
});
