import { spawn, type ChildProcess } from 'node:child_process';

export const WORKER_MAIN = 'dist/apps/worker/src/main.js';

export interface RunningWorker {
  readonly process: ChildProcess;
  output(): string;
  /** SIGTERM and wait for a clean exit (SIGKILL after 10 s), or SIGKILL: the worker dies mid-flight. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<number | null>;
}

/** The built worker in its own process (projections, deadline timer, heartbeat) with the given environment. */
export const startWorkerProcess = (env: Record<string, string>): RunningWorker => {
  const child = spawn(process.execPath, ['--enable-source-maps', WORKER_MAIN], {
    env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    process: child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill(signal);
      // A worker that does not stop within 10 s is killed, and the test sees a null exit code.
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      return exited.finally(() => clearTimeout(killer));
    },
  };
};
