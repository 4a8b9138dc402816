import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * A peer measured beside ours runs in a process of its own: no global setting of one (Emmett's dumbo sets pg's
 * type parsers for the whole process) touches the other, and each gets the same event loop to itself. The bench
 * sends one JSON request per line on the peer's stdin and reads one JSON answer per line on its stdout; the peer's
 * stderr is passed through.
 */
export interface Peer {
  ask<T>(request: { readonly op: string } & Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export const startPeer = (script: string, args: readonly string[] = []): Peer => {
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', script, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const waiting: { resolve: (value: unknown) => void; reject: (error: Error) => void }[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const answer = JSON.parse(line) as { ok: unknown } | { error: string };
    const next = waiting.shift();
    if ('error' in answer) next?.reject(new Error(`${script}: ${answer.error}`));
    else next?.resolve(answer.ok);
  });
  child.once('exit', (code) => {
    for (const pending of waiting.splice(0)) pending.reject(new Error(`${script} exited with ${code}`));
  });
  return {
    ask: <T>(request: { readonly op: string } & Record<string, unknown>) =>
      new Promise<T>((resolve, reject) => {
        waiting.push({ resolve: resolve as (value: unknown) => void, reject });
        child.stdin!.write(`${JSON.stringify(request)}\n`);
      }),
    close: async () => {
      child.stdin!.end();
      await exited;
    },
  };
};

/** The peer's side: answers each request with its handler, one at a time, and ends when stdin closes. */
export const servePeer = async (
  handlers: Record<string, (request: Record<string, unknown>) => Promise<unknown>>,
  close: () => Promise<void>,
): Promise<void> => {
  try {
    for await (const line of createInterface({ input: process.stdin })) {
      const request = JSON.parse(line) as { op: string } & Record<string, unknown>;
      try {
        const handler = handlers[request.op];
        if (!handler) throw new Error(`unknown request ${request.op}`);
        process.stdout.write(`${JSON.stringify({ ok: (await handler(request)) ?? null })}\n`);
      } catch (error) {
        process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.stack ?? error.message : String(error) })}\n`);
      }
    }
  } finally {
    await close();
  }
};
