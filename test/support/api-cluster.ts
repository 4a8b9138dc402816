import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevKeys } from '#libs/auth/dev-keys.js';
import { signDevToken } from '#libs/auth/dev-token.js';
import type { Role } from '#libs/auth/principal.js';
import { createTestDatabase, type TestDatabase } from '#libs/testing/postgres.js';
import { spawnApi, stopProcess } from '#libs/testing/running-api.js';

/** Several built API processes over one fresh database and one dev key pair, as a scaled-out deployment runs. */
export interface ApiCluster {
  readonly baseUrls: readonly string[];
  readonly database: TestDatabase;
  token(role: Role, org: string, sub?: string): Promise<string>;
  close(): Promise<void>;
}

export const startApiCluster = async (size: number, env: Record<string, string> = {}): Promise<ApiCluster> => {
  const database = await createTestDatabase('overgang_cluster');
  const keyDir = await mkdtemp(join(tmpdir(), 'overgang-cluster-keys-'));
  const keys = await loadOrCreateDevKeys(keyDir);
  const children: ChildProcess[] = [];
  const baseUrls: string[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map((child) => stopProcess(child)),
    );
    await database.drop();
    await rm(keyDir, { recursive: true, force: true });
  };
  try {
    // One after the other: the first runs the migrations, the others find them done.
    for (let i = 0; i < size; i += 1) {
      const { baseUrl, process: child } = await spawnApi(database.url, keyDir, env);
      children.push(child);
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
