import { createServer } from 'node:net';
import pg from 'pg';
import { isDatabaseUnavailable } from './unavailable.js';

const withCode = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });

/** The error node-postgres gives for `connect` against `port`. */
const connectError = async (port: number): Promise<unknown> => {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  return client.connect().then(
    () => client.end(),
    (error: unknown) => error,
  );
};

describe('isDatabaseUnavailable', () => {
  it('recognises a server that refuses connections', async () => {
    const server = createServer();
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
    await new Promise((resolve) => server.close(resolve));
    expect(isDatabaseUnavailable(await connectError(port))).toBe(true);
  });

  it('recognises a connection that ends under a query', async () => {
    // A server that accepts and hangs up at once, as PostgreSQL's restart does to its sessions.
    const server = createServer((socket) => socket.destroy());
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
    try {
      const error = await connectError(port);
      expect((error as Error).message).toMatch(/^Connection terminated/);
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each([
    ['admin shutdown (a restart ends the sessions)', '57P01'],
    ['crash shutdown', '57P02'],
    ['starting up or shutting down', '57P03'],
    ['too many connections', '53300'],
    ['a connection failure (class 08)', '08006'],
    ['a reset connection', 'ECONNRESET'],
  ])('recognises %s', (_, code) => {
    expect(isDatabaseUnavailable(withCode(code))).toBe(true);
  });

  it('recognises the pool giving up waiting for a connection, and causes and aggregates of such errors', () => {
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('append failed', { cause: withCode('57P01') }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]))).toBe(true);
  });

  it.each([
    ['a syntax error', withCode('42601')],
    ['a unique violation', withCode('23505')],
    ['a statement timeout', withCode('57014')],
    ['a plain error', new Error('Connection refused by a rule, not the network')],
    ['no error at all', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('does not take %s for an unavailable database', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
