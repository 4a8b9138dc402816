import type { Principal } from './principal.js';
import { TOKEN_MAX_AGE_SECONDS, type TokenVerifier } from './token-verifier.js';

interface Entry {
  readonly principal: Principal;
  readonly expiresAt: number;
}

/**
 * Remembers verified tokens until they expire or grow too old (at most `maxAgeMs`), so a client's many requests with one token
 * pay for one signature check. Tokens are opaque keys here; a refused token is never remembered.
 */
export const cachingTokenVerifier = (
  inner: TokenVerifier,
  options: { maxEntries?: number; maxAgeMs?: number; now?: () => number } = {},
): TokenVerifier => {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, Entry>();
  return {
    async verify(token) {
      const hit = cache.get(token);
      if (hit && hit.expiresAt > now()) return hit.principal;
      cache.delete(token);
      const principal = await inner.verify(token);
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
      cache.set(token, { principal, expiresAt: Math.min(now() + maxAgeMs, acceptedUntil(token)) });
      return principal;
    },
  };
};

/** When a verified token stops being accepted: at `exp`, or `TOKEN_MAX_AGE_SECONDS` after `iat`. */
const acceptedUntil = (token: string): number => {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown; iat?: unknown };
    const exp = typeof payload.exp === 'number' ? payload.exp : Number.POSITIVE_INFINITY;
    const tooOld = typeof payload.iat === 'number' ? payload.iat + TOKEN_MAX_AGE_SECONDS : Number.POSITIVE_INFINITY;
    return Math.min(exp, tooOld) * 1000;
  } catch {
    return 0;
  }
};
