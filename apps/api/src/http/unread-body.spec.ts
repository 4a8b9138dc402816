import { connect, type Socket } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { discardUnreadBody } from './unread-body.js';

const LIMITS = { bytes: 256 * 1024, ms: 1_000 };
const CHUNK = Buffer.alloc(64 * 1024, 0x20);

/** A server that refuses bodies over 16 KiB the way the API does: answer first, then drop the rest. */
const startServer = async (): Promise<FastifyInstance> => {
  const server = Fastify({ bodyLimit: 16 * 1024 });
  server.setErrorHandler((error, _request, reply) => {
    discardUnreadBody(reply, LIMITS);
    void reply.status(413).send({ refused: (error as { code?: string }).code });
  });
  server.post('/', async () => ({ ok: true }));
  await server.listen({ port: 0, host: '127.0.0.1' });
  return server;
};

interface Connection {
  readonly socket: Socket;
  /** Resolves with everything the server sent once it has sent `marker` (or closed). */
  received(marker: string): Promise<string>;
  closed: Promise<'closed'>;
}

const open = async (server: FastifyInstance): Promise<Connection> => {
  const address = server.server.address();
  if (!address || typeof address !== 'object') throw new Error('not listening');
  const socket = connect(address.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let text = '';
  const waiting: { marker: string; resolve: (text: string) => void }[] = [];
  const settle = (): void => {
    for (const entry of waiting.filter((w) => text.includes(w.marker))) entry.resolve(text);
  };
  socket.on('data', (data) => {
    text += data.toString('latin1');
    settle();
  });
  socket.on('error', () => undefined);
  const closed = new Promise<'closed'>((resolve) => socket.once('close', () => resolve('closed')));
  void closed.then(() => waiting.forEach((w) => w.resolve(text)));
  return {
    socket,
    closed,
    received: (marker) => new Promise((resolve) => {
      waiting.push({ marker, resolve });
      settle();
    }),
  };
};

const chunked = (data: Buffer | string): string | Buffer =>
  Buffer.concat([Buffer.from(`${Buffer.byteLength(data).toString(16)}\r\n`), Buffer.from(data), Buffer.from('\r\n')]);

const write = (socket: Socket, data: string | Buffer): Promise<void> =>
  new Promise((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve())));

const HEAD = 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';

describe('a body the API answered before reading', () => {
  let server: FastifyInstance;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server.close());

  it('is read to its end, so the client finishes sending, reads the 413, and may reuse the connection', async () => {
    const connection = await open(server);
    await write(connection.socket, HEAD);
    for (let i = 0; i < 2; i += 1) await write(connection.socket, chunked(CHUNK));
    expect(await connection.received('refused')).toMatch(/^HTTP\/1\.1 413 /);
    // Still sending after the answer, within the limits: every write succeeds.
    await write(connection.socket, chunked(CHUNK));
    await write(connection.socket, '0\r\n\r\n');
    const body = '{"small":true}';
    await write(connection.socket, `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    expect(await connection.received('"ok":true')).toMatch(/HTTP\/1\.1 200 /);
    connection.socket.destroy();
  });

  it('also when a Content-Length over the limit was refused without reading any of it', async () => {
    const connection = await open(server);
    await write(connection.socket, `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${3 * CHUNK.length}\r\n\r\n`);
    expect(await connection.received('refused')).toMatch(/^HTTP\/1\.1 413 /);
    for (let i = 0; i < 3; i += 1) await write(connection.socket, CHUNK);
    await write(connection.socket, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
    expect(await connection.received('"ok":true')).toMatch(/HTTP\/1\.1 200 /);
    connection.socket.destroy();
  });

  it('is cut off when the client goes on sending past the byte limit', async () => {
    const connection = await open(server);
    await write(connection.socket, HEAD);
    // Far more than the limit, and more than the kernel's buffers hold.
    const sending = (async () => {
      for (let i = 0; i < 1024; i += 1) await write(connection.socket, chunked(CHUNK));
      return 'sent';
    })().catch(() => 'cut off');
    expect(await connection.received('refused')).toMatch(/^HTTP\/1\.1 413 /);
    expect(await sending).toBe('cut off');
    expect(await connection.closed).toBe('closed');
  });

  it('is cut off when the client stops sending and never ends it', async () => {
    const connection = await open(server);
    await write(connection.socket, HEAD);
    await write(connection.socket, chunked(CHUNK));
    expect(await connection.received('refused')).toMatch(/^HTTP\/1\.1 413 /);
    const started = Date.now();
    await connection.closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(LIMITS.ms - 100);
  });
});
