import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

type Directives = Readonly<Record<string, readonly string[]>>;

const serialise = (directives: Directives): string =>
  Object.entries(directives).map(([name, sources]) => [name, ...sources].join(' ')).join('; ');

/**
 * The web app's policy, and every answer's: scripts only from this origin (Vite's build needs no inline script),
 * never framed, no plugins, forms and `<base>` only to this origin. Data only from this origin and, with OIDC, the
 * issuer's (discovery, token endpoint).
 */
const appDirectives = (connectSources: readonly string[]): Directives => ({
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'", ...connectSources],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
});

/** The Swagger UI and Bull Board pages, which are not ours, carry inline styles; they still run no inline script. */
const THIRD_PARTY_PAGES = /^\/(?:docs|admin\/queues)(?:[/?]|$)/;

export interface SecurityHeaderOptions {
  /** Origins the web app talks to besides its own: the OIDC issuer's. */
  readonly connectSources: readonly string[];
}

/**
 * The security headers of every answer, errors and 404s included (@fastify/helmet's `onRequest` hook):
 * `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`, and the rest of
 * helmet's defaults; a Content-Security-Policy by path; and `Cache-Control: no-store` on every answer that does not
 * set its own caching (the web app's files do), so no health data lands in a browser's or a proxy's cache.
 */
export const useSecurityHeaders = async (instance: FastifyInstance, options: SecurityHeaderOptions): Promise<void> => {
  const app = appDirectives(options.connectSources);
  const appPolicy = serialise(app);
  const thirdPartyPolicy = serialise({ ...app, 'style-src': ["'self'", "'unsafe-inline'"] });
  await instance.register(helmet, {
    contentSecurityPolicy: false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  instance.addHook('onRequest', async (request, reply) => {
    void reply.header('content-security-policy', THIRD_PARTY_PAGES.test(request.url) ? thirdPartyPolicy : appPolicy);
  });
  instance.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });
};
