import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevKeys } from '#libs/auth/dev-keys.js';
import { signDevToken } from '#libs/auth/dev-token.js';
import type { Role } from '#libs/auth/principal.js';
import { createTestDatabase, type TestDatabase } from '#libs/testing/postgres.js';

export interface RunningApp {
  readonly baseUrl: string;
  readonly database: TestDatabase;
  readonly process: ChildProcess;
  /** The development key pair the API verifies tokens with. */
  readonly keyDir: string;
  token(role: Role, org: string, sub?: string): Promise<string>;
  close(): Promise<void>;
}

export const API_MAIN = 'dist/apps/api/src/main.js';

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

const waitUntilLive = async (baseUrl: string, child: ChildProcess, output: () => string): Promise<void> => {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${output()}`);
    try {
      // The process answers: it has connected to PostgreSQL and migrated (Redis it reaches when it can).
      if ((await fetch(`${baseUrl}/health/live`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the API did not come up:\n${output()}`);
};

/** SIGTERM, and SIGKILL when it has not exited within `graceMs`: a test run never hangs on a stuck shutdown. */
export const stopProcess = async (child: ChildProcess, graceMs = 10_000): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
};

export interface SpawnedApi {
  readonly baseUrl: string;
  readonly process: ChildProcess;
}

/** One built API process on a free port, with dev sign-in against the keys in `keyDir`; answers once it is live. */
export const spawnApi = async (databaseUrl: string, keyDir: string, env: Record<string, string> = {}): Promise<SpawnedApi> => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', API_MAIN], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'test',
      AUTH_MODE: 'dev',
      AUTH_DEV_KEY_DIR: keyDir,
      ALLOW_SYNTHETIC_IDS: 'true',
      // Tests drive one actor far harder than any person could; the limiter has its own test.
      RATE_LIMIT_PER_SECOND: '0',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...env,
      DATABASE_URL: databaseUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilLive(baseUrl, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { baseUrl, process: child };
};

/** The built API in its own process, on a free port, over a fresh PostgreSQL database and the local Redis. */
export const startApp = async (env: Record<string, string> = {}, databasePrefix = 'overgang_test'): Promise<RunningApp> => {
  const database = await createTestDatabase(databasePrefix);
  const keyDir = await mkdtemp(join(tmpdir(), 'overgang-keys-'));
  const keys = await loadOrCreateDevKeys(keyDir);
  let spawned: SpawnedApi;
  try {
    spawned = await spawnApi(database.url, keyDir, env);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const { baseUrl, process: child } = spawned;
  return {
    baseUrl,
    database,
    process: child,
    keyDir,
    token: (role, org, sub) => signDevToken(keys.privateKey, { role, org, sub }),
    close: async () => {
      await stopProcess(child);
      await database.drop();
      await rm(keyDir, { recursive: true, force: true });
    },
  };
};
