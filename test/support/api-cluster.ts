import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevKeys } from '#libs/auth/dev-keys.js';
import { signDevToken } from '#libs/auth/dev-token.js';
import type { Role } from '#libs/auth/principal.js';
import { createTestDatabase, type TestDatabase } from '#libs/testing/postgres.js';
import { API_MAIN, freePort } from './running-app.js';

/** Several built API processes over one fresh database and one dev key pair, as a scaled-out deployment runs. */
export interface ApiCluster {
  readonly baseUrls: readonly string[];
  readonly database: TestDatabase;
  token(role: Role, org: string, sub?: string): Promise<string>;
  close(): Promise<void>;
}

const waitForHealth = async (baseUrl: string, child: ChildProcess, output: () => string): Promise<void> => {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`an API process exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`an API process did not become healthy:\n${output()}`);
};

export const startApiCluster = async (size: number): Promise<ApiCluster> => {
  const database = await createTestDatabase('overgang_cluster');
  const keyDir = await mkdtemp(join(tmpdir(), 'overgang-cluster-keys-'));
  const keys = await loadOrCreateDevKeys(keyDir);
  const children: ChildProcess[] = [];
  const baseUrls: string[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }),
    );
    await database.drop();
    await rm(keyDir, { recursive: true, force: true });
  };
  try {
    // One after the other: the first runs the migrations, the others find them done.
    for (let i = 0; i < size; i += 1) {
      const port = await freePort();
      const child = spawn(process.execPath, ['--enable-source-maps', API_MAIN], {
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          NODE_ENV: 'test',
          AUTH_MODE: 'dev',
          AUTH_DEV_KEY_DIR: keyDir,
          ALLOW_SYNTHETIC_IDS: 'true',
          LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
          PORT: String(port),
          HOST: '127.0.0.1',
          DATABASE_URL: database.url,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const baseUrl = `http://127.0.0.1:${port}`;
      await waitForHealth(baseUrl, child, () => output);
      baseUrls.push(baseUrl);
    }
  } catch (error) {
    for (const child of children) child.kill('SIGKILL');
    await database.drop();
    await rm(keyDir, { recursive: true, force: true });
    throw error;
  }
  return {
    baseUrls,
    database,
    token: (role, org, sub) => signDevToken(keys.privateKey, { role, org, sub }),
    close: stop,
  };
};
