import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyHttpOptions, FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import type { HttpConfig } from '#libs/config/config.js';
import { PROBLEM_CONTENT_TYPE, problem } from './problem.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

const CORRELATION_ID = /^[\x21-\x7e]{1,100}$/;

/**
 * Every request's correlation id, which Fastify keeps as `request.id`: the client's `X-Correlation-Id` when it is
 * usable (1–100 visible ASCII characters), else a new UUID. Answers carry it back; events and the access log keep it.
 */
export const correlationIdOf = (request: IncomingMessage): string => {
  const given = request.headers['x-correlation-id'];
  return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
};

/** What a client that broke HTTP itself is told, before any route runs: the connection is then closed. */
const clientErrorAnswer = (code: string | undefined, timeoutMs: number): { status: number; detail: string } => {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, detail: `The request did not arrive in full within ${timeoutMs / 1000} s` };
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, detail: 'The request headers are too large' };
    default:
      return { status: 400, detail: 'The request is not valid HTTP' };
  }
};

/**
 * Node's HTTP server reports a request that broke HTTP, or whose headers and body did not all arrive within the
 * request timeout, here. The answer is problem+json written on the socket, which is then closed: gracefully, so the
 * client reads the answer, and torn down a moment later whatever the client does.
 */
const clientErrorHandler = (timeoutMs: number, logger: Logger) =>
  function onClientError(error: NodeJS.ErrnoException, socket: Socket): void {
    if (error.code === 'ECONNRESET' || socket.destroyed || socket.writableEnded) return;
    const { status, detail } = clientErrorAnswer(error.code, timeoutMs);
    logger.info({ status, code: error.code, remoteAddress: socket.remoteAddress }, 'request refused before routing');
    // An answer already under way on this socket must not be followed by a second one.
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (!socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify(problem(status, detail));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
    setTimeout(() => socket.destroy(), 1000).unref();
  };

/** The Fastify server's options: body limit, timeouts, trusted proxies, correlation ids, client errors. */
export const httpServerOptions = (config: HttpConfig, logger: Logger): FastifyHttpOptions<Server> => {
  const timeoutMs = config.bodyTimeoutMs;
  return {
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy as FastifyServerOptions['trustProxy'],
    // The whole request, headers and body, must arrive within the timeout (a slow body holds a connection and
    // a parser open); Node checks open requests every connectionsCheckingInterval.
    requestTimeout: timeoutMs,
    http: { requestTimeout: timeoutMs, headersTimeout: timeoutMs, connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(timeoutMs / 4))) },
    clientErrorHandler: clientErrorHandler(timeoutMs, logger),
    requestIdHeader: false,
    genReqId: correlationIdOf,
  };
};
