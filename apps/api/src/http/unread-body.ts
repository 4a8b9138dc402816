import type { FastifyReply } from 'fastify';

/** How much more a client may send, and for how long, after the API answered before reading its whole body. */
const UNREAD_BODY_LIMITS = { bytes: 8 * 1024 * 1024, ms: 10_000 };

/**
 * An answer sent before the body was read (413, 415) would otherwise close the socket while the client is
 * still sending: the kernel then resets the connection, and the client may lose the answer to EPIPE before
 * it reads it. Like nginx's lingering close, the rest of the body is read and dropped, within limits, and the
 * connection stays usable; a client that sends beyond the limits is cut off.
 */
export const discardUnreadBody = (reply: FastifyReply, limits = UNREAD_BODY_LIMITS): void => {
  const request = reply.request.raw;
  if (request.complete || request.destroyed) return;
  reply.removeHeader('connection');
  const cutOff = (): void => {
    request.socket.destroy();
  };
  const timer = setTimeout(cutOff, limits.ms);
  timer.unref();
  let dropped = 0;
  request.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > limits.bytes) cutOff();
  });
  const stop = (): void => clearTimeout(timer);
  request.once('end', stop);
  request.once('close', stop);
  request.resume();
};
