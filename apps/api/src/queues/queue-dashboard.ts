import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AuthenticatedRequest } from '../auth/auth.decorators.js';
import { bearerTokenOf, type Authenticator } from '../auth/authenticator.js';
import { ProblemException } from '../http/problem.exception.js';
import { sendProblem } from '../http/problem.filter.js';
import { PROBLEM_CONTENT_TYPE, problem, type Problem } from '../http/problem.js';

/** Bull Board, for admins: the queues with their jobs, and retry or removal of failed ones. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';
const LOGIN_PATH = `${QUEUE_DASHBOARD_PATH}/login`;
const LOGIN_SCRIPT_PATH = `${LOGIN_PATH}.js`;
const COOKIE = 'overgang_queue_dashboard';
const COOKIE_MAX_AGE_S = 3600;

// The page's script is a file of its own: the Content-Security-Policy allows no inline script.
const LOGIN_PAGE = `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>overgang: køer</title>
<script src="${LOGIN_SCRIPT_PATH}" defer></script></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>Køer (administrator)</h1>
<form id="login"><label>Bearer-token for rollen admin<br><input id="token" type="password" autocomplete="off" style="width: 100%" required></label>
<p><button>Åpne Bull Board</button></p><p id="error" role="alert"></p></form>
</body></html>`;

const LOGIN_SCRIPT = `document.getElementById('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const answer = await fetch('${LOGIN_PATH}', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: document.getElementById('token').value }) });
  if (answer.ok) location.assign('${QUEUE_DASHBOARD_PATH}');
  else document.getElementById('error').textContent = (await answer.json()).detail;
});
`;

const tokenOf = (request: FastifyRequest): string | null => {
  const bearer = bearerTokenOf(request.headers.authorization);
  if (bearer) return bearer;
  const cookie = (request.headers.cookie ?? '').split(';').map((part) => part.trim()).find((part) => part.startsWith(`${COOKIE}=`));
  try {
    return cookie ? decodeURIComponent(cookie.slice(COOKIE.length + 1)) : null;
  } catch {
    return null;
  }
};

/** Authenticates as the API's guard does (401, 429, 503 as problems), and lets only admins in (403). */
const admit = async (authenticator: Authenticator, request: FastifyRequest, token: string | null): Promise<void> => {
  const principal = await authenticator.authenticate(token, request.ip);
  // The access log records the request once a principal is known, as for the API's routes.
  (request as AuthenticatedRequest).principal = principal;
  if (principal.role !== 'admin') throw ProblemException.of(403, `The role ${principal.role} may not see the queues`);
};

const refused = (reply: FastifyReply, error: unknown): FastifyReply => {
  if (!(error instanceof ProblemException)) throw error;
  sendProblem(reply, error.problem, error.headers);
  return reply;
};

/** Bull Board answers its errors as `{ error: { key } , message }`; they become problems, keeping its fields. */
const asProblem = (status: number, payload: unknown): Problem => {
  let body: Record<string, unknown> = {};
  try {
    body = typeof payload === 'string' ? (JSON.parse(payload) as Record<string, unknown>) : {};
  } catch {
    // not JSON: nothing to keep
  }
  const { error, message } = body as { error?: { key?: unknown }; message?: unknown };
  const detail = typeof message === 'string' ? message : typeof error?.key === 'string' ? error.key : undefined;
  return problem(status, detail, error === undefined ? {} : { error });
};

/**
 * Mounts Bull Board under /admin/queues. Every route of the dashboard, its page, its API and its assets, needs an
 * admin: a bearer token, or the HttpOnly cookie the login page sets from one (a browser cannot add the header itself).
 * Must be mounted before the web app, which serves its own files at the root with the same static plugin.
 */
export const mountQueueDashboard = async (
  app: NestFastifyApplication,
  queues: readonly Queue[],
  authenticator: Authenticator,
  logger: Logger,
): Promise<void> => {
  const board = new BullBoardAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter: board });
  // Bull Board's own handler answers with the error's message and, in development, its stack.
  board.setErrorHandler((error: Error & { statusCode?: number }) => {
    const status = error.statusCode === 400 || error.statusCode === 404 ? error.statusCode : 500;
    if (status === 500) logger.error({ err: error }, 'queue dashboard failed');
    return { status, body: problem(status, status === 500 ? 'The queue dashboard failed' : error.message) };
  });

  await app.getHttpAdapter().getInstance().register(async (scope) => {
    scope.get(LOGIN_PATH, async (_request, reply) => reply.type('text/html; charset=utf-8').send(LOGIN_PAGE));
    scope.get(LOGIN_SCRIPT_PATH, async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(LOGIN_SCRIPT));
    scope.post<{ Body: { token?: unknown } }>(LOGIN_PATH, async (request, reply) => {
      const token = typeof request.body?.token === 'string' ? request.body.token.trim() : null;
      try {
        await admit(authenticator, request, token);
      } catch (error) {
        return refused(reply, error);
      }
      const secure = request.protocol === 'https' ? '; Secure' : '';
      void reply.header(
        'set-cookie',
        `${COOKIE}=${encodeURIComponent(token!)}; Path=${QUEUE_DASHBOARD_PATH}; Max-Age=${COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Strict${secure}`,
      );
      return reply.status(204).send();
    });
    await scope.register(async (dashboard) => {
      dashboard.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        try {
          await admit(authenticator, request, tokenOf(request));
        } catch (error) {
          return refused(reply, error);
        }
      });
      dashboard.addHook('onSend', async (_request, reply, payload) => {
        if (reply.statusCode < 400 || String(reply.getHeader('content-type')).startsWith(PROBLEM_CONTENT_TYPE)) return payload;
        void reply.header('content-type', PROBLEM_CONTENT_TYPE);
        return JSON.stringify(asProblem(reply.statusCode, payload));
      });
      await dashboard.register(board.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
    });
  });
};
