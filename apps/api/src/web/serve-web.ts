import { existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../http/problem.filter.js';
import { problem } from '../http/problem.js';

/** Paths that belong to the API: an unknown one is a 404 problem, never the web app's page. */
const API_PATHS = /^\/(?:api|health|metrics|docs|admin\/queues)(?:[/?]|$)/;

const decodedPath = (url: string): string | null => {
  try {
    return decodeURIComponent(url.split('?')[0] ?? '/');
  } catch {
    return null;
  }
};

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/**
 * Serves the built web app at `/`: its files as they are (hashed assets cached for a year), and its
 * index.html for every other GET, so client routes such as /saker/<id> survive a reload.
 */
export const serveWebApp = async (app: NestFastifyApplication, dir: string): Promise<void> => {
  const root = resolve(dir);
  await app.register(fastifyStatic, { root, serve: false });
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const path = decodedPath(request.url);
    if (path === null || API_PATHS.test(path)) {
      sendProblem(reply, problem(404, `No route ${request.method} ${path ?? request.url}`));
      return;
    }
    const file = resolve(root, `.${path}`);
    if (file.startsWith(root + sep) && isFile(file)) {
      const immutable = path.startsWith('/assets/');
      await reply.sendFile(file.slice(root.length + 1), { immutable, maxAge: immutable ? 365 * 24 * 3600 * 1000 : 0 });
      return;
    }
    if (!isFile(resolve(root, 'index.html'))) {
      sendProblem(reply, problem(404, 'The web app is not built: run npm run build:web'));
      return;
    }
    await reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  };
  app.getHttpAdapter().getInstance().get('/*', handler);
  app.getHttpAdapter().getInstance().get('/', handler);
};
