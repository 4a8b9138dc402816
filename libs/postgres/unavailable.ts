/**
 * Whether an error means PostgreSQL could not be reached or dropped the connection — it is down, restarting, failing
 * over, refusing connections or out of them — rather than that the statement itself was wrong. Such a failure is the
 * server's, passes by itself, and a request that met it is answered 503 with Retry-After, never 500.
 */

/** Network errors of the connection (Node's `code`). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs: class 08 connection exception; 53300 too many connections; 57P01 admin shutdown (a restart ends the
 * sessions), 57P02 crash shutdown, 57P03 cannot connect now (starting up or shutting down).
 */
const UNAVAILABLE_SQLSTATES = new Set(['53300', '57P01', '57P02', '57P03']);

/** What node-postgres says when a connection ends under a query, or the pool waits too long for one. */
const CLIENT_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
];

export const isDatabaseUnavailable = (error: unknown, depth = 0): boolean => {
  if (error === null || typeof error !== 'object' || depth > 3) return false;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (typeof message === 'string' && CLIENT_MESSAGES.some((pattern) => pattern.test(message))) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
};
