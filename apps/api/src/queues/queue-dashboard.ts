import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidTokenError, type TokenVerifier } from '#libs/auth/token-verifier.js';
import { sendProblem } from '../http/problem.filter.js';
import { problem } from '../http/problem.js';

/** Bull Board, for admins: the queues with their jobs, and retry or removal of failed ones. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';
const LOGIN_PATH = `${QUEUE_DASHBOARD_PATH}/login`;
const COOKIE = 'overgang_queue_dashboard';
const COOKIE_MAX_AGE_S = 3600;

const LOGIN_PAGE = `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>overgang: køer</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>Køer (administrator)</h1>
<form id="login"><label>Bearer-token for rollen admin<br><input id="token" type="password" autocomplete="off" style="width: 100%" required></label>
<p><button>Åpne Bull Board</button></p><p id="error" role="alert"></p></form>
<script>
document.getElementById('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const answer = await fetch('${LOGIN_PATH}', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: document.getElementById('token').value }) });
  if (answer.ok) location.assign('${QUEUE_DASHBOARD_PATH}');
  else document.getElementById('error').textContent = (await answer.json()).detail;
});
</script></body></html>`;

const bearerOf = (request: FastifyRequest): string | null => {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const cookie = (request.headers.cookie ?? '').split(';').map((part) => part.trim()).find((part) => part.startsWith(`${COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(COOKIE.length + 1)) : null;
};

/** 401 without a valid token, 403 for any role but admin; null when the caller is an admin. */
const refusal = async (verifier: TokenVerifier, token: string | null): Promise<ReturnType<typeof problem> | null> => {
  if (!token) return problem(401, `Sign in at ${LOGIN_PATH}, or send an admin's bearer token`);
  try {
    const principal = await verifier.verify(token);
    return principal.role === 'admin' ? null : problem(403, `The role ${principal.role} may not see the queues`);
  } catch (error) {
    if (error instanceof InvalidTokenError) return problem(401, `The token was refused: ${error.message}`);
    throw error;
  }
};

/**
 * Mounts Bull Board under /admin/queues. Every route of the dashboard, its page, its API and its assets, needs an
 * admin: a bearer token, or the HttpOnly cookie the login page sets from one (a browser cannot add the header itself).
 * Must be mounted before the web app, which serves its own files at the root with the same static plugin.
 */
export const mountQueueDashboard = async (app: NestFastifyApplication, queues: readonly Queue[], verifier: TokenVerifier): Promise<void> => {
  const board = new BullBoardAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter: board });

  await app.getHttpAdapter().getInstance().register(async (scope) => {
    scope.get(LOGIN_PATH, async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(LOGIN_PAGE));
    scope.post<{ Body: { token?: unknown } }>(LOGIN_PATH, async (request, reply) => {
      const token = typeof request.body?.token === 'string' ? request.body.token.trim() : null;
      const refused = await refusal(verifier, token);
      if (refused) return sendProblem(reply, refused);
      const secure = request.protocol === 'https' ? '; Secure' : '';
      void reply.header(
        'set-cookie',
        `${COOKIE}=${encodeURIComponent(token!)}; Path=${QUEUE_DASHBOARD_PATH}; Max-Age=${COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Strict${secure}`,
      );
      return reply.status(204).send();
    });
    await scope.register(async (dashboard) => {
      dashboard.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        const refused = await refusal(verifier, bearerOf(request));
        if (refused) {
          sendProblem(reply, refused);
          return reply;
        }
      });
      await dashboard.register(board.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
    });
  });
};
