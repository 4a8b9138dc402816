import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { freePort } from '#libs/testing/running-api.js';

/**
 * PostgreSQL and Redis servers of a test's own, on free ports with their data in a temporary directory, for the fault
 * tests that stop, restart or flush them. The machine's shared servers are never touched. `remove()` stops them and
 * deletes their data; servers still running when the test process exits are killed.
 */

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

/** Sends `signal` and waits for the exit, with SIGKILL after `graceMs`. */
const stopChild = async (child: ChildProcess, signal: NodeJS.Signals, graceMs = 15_000): Promise<void> => {
  const done = exited(child);
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await done;
  clearTimeout(timer);
  running.delete(child);
};

const capture = (child: ChildProcess): (() => string) => {
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => output;
};

/** An installed PostgreSQL program: on the PATH, else the newest under /usr/lib/postgresql. */
const postgresProgram = (name: string): string => {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/${name}`))
    : [];
  const newest = versions.sort((a, b) => Number(a) - Number(b)).at(-1);
  if (!newest) throw new Error(`${name} (PostgreSQL) is not installed: apt-get install -y postgresql`);
  return `/usr/lib/postgresql/${newest}/bin/${name}`;
};

/** PostgreSQL refuses to run as root: then run it as the `postgres` account, as infra/ensure-services.sh does. */
const serverAccount = (): { uid: number; gid: number } | undefined => {
  if (process.getuid?.() !== 0) return undefined;
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  };
};

export interface PrivatePostgres {
  readonly port: number;
  /** The URL of `database` on this server (default `postgres`). */
  url(database?: string): string;
  /** A fresh database on this server; answers its URL. */
  createDatabase(name: string): Promise<string>;
  /** `fast`: sessions are ended and the server shuts down cleanly (a restart); `immediate`: it stops as if it crashed. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port and data, once it accepts connections. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  remove(): Promise<void>;
  output(): string;
}

export const startPrivatePostgres = async (): Promise<PrivatePostgres> => {
  const account = serverAccount();
  const dataDir = await mkdtemp(join(tmpdir(), 'overgang-fault-pg-'));
  const owned = account ? { uid: account.uid, gid: account.gid } : {};
  if (account) await chown(dataDir, account.uid, account.gid);
  execFileSync(postgresProgram('initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'], {
    ...owned,
    stdio: 'pipe',
  });
  const port = await freePort();
  let child: ChildProcess | null = null;
  let output = () => '';
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;

  const start = async (): Promise<void> => {
    child = spawn(
      postgresProgram('postgres'),
      ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
        '-c', 'max_connections=200', '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'shared_buffers=64MB'],
      { ...owned, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running.add(child);
    output = capture(child);
    const until = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the private PostgreSQL exited with ${child.exitCode}:\n${output()}`);
      const client = new pg.Client({ connectionString: url() });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.query('SELECT 1');
        return;
      } catch {
        if (Date.now() > until) throw new Error(`the private PostgreSQL did not accept connections:\n${output()}`);
        await sleep(50);
      } finally {
        await client.end().catch(() => {});
      }
    }
  };

  const stop = async (mode: 'fast' | 'immediate' = 'fast'): Promise<void> => {
    if (!child) return;
    await stopChild(child, mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    child = null;
  };

  try {
    await start();
  } catch (error) {
    await stop('immediate').catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    url,
    async createDatabase(name) {
      const admin = new pg.Client({ connectionString: url() });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    stop,
    start,
    async remove() {
      await stop('immediate');
      await rm(dataDir, { recursive: true, force: true });
    },
    output: () => output(),
  };
};

export interface PrivateRedis {
  readonly url: string;
  /** Deletes every key, then shuts the server down without saving and starts it again, empty, on the same port. */
  flushAndRestart(downMs?: number): Promise<void>;
  remove(): Promise<void>;
}

export const startPrivateRedis = async (): Promise<PrivateRedis> => {
  const dir = await mkdtemp(join(tmpdir(), 'overgang-fault-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    const output = capture(child);
    const until = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the private Redis exited with ${child.exitCode}:\n${output()}`);
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        if (Date.now() > until) throw new Error(`the private Redis did not answer:\n${output()}`);
        await sleep(50);
      } finally {
        probe.disconnect();
      }
    }
  };
  const stop = async (): Promise<void> => {
    if (!child) return;
    await stopChild(child, 'SIGTERM');
    child = null;
  };

  await start();
  return {
    url,
    async flushAndRestart(downMs = 1000) {
      const admin = new Redis(url, { maxRetriesPerRequest: 1 });
      admin.on('error', () => {});
      await admin.flushall();
      admin.disconnect();
      await stop();
      await sleep(downMs);
      await start();
    },
    async remove() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
};
