import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export interface SecurityHeaderOptions {
  /** Origins the web app talks to besides its own: the OIDC issuer's. */
  readonly connectSources: readonly string[];
}

/**
 * The security headers of every answer, errors and 404s included, through @fastify/helmet's `onRequest` hook:
 * `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer` and helmet's other
 * defaults, and one Content-Security-Policy for the web app, the Swagger UI and Bull Board: scripts only from this
 * origin (Vite's build needs no inline script), never framed, no plugins, forms and `<base>` only to this origin,
 * data only from this origin and, with OIDC, the issuer's (discovery, token endpoint). Inline styles are allowed:
 * Observable Plot's charts, the Swagger UI and Bull Board carry `<style>` elements, and a style runs no code.
 * Every answer that does not set its own caching (the web app's files do) is `Cache-Control: no-store`, so no
 * health data lands in a browser's or a proxy's cache.
 */
export const useSecurityHeaders = async (instance: FastifyInstance, options: SecurityHeaderOptions): Promise<void> => {
  await instance.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...options.connectSources],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  instance.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });
};
