import { LRUCache } from 'lru-cache';
import type { Principal } from './principal.js';
import { TOKEN_MAX_AGE_SECONDS, type TokenVerifier } from './token-verifier.js';

/**
 * Remembers verified tokens until they expire or grow too old (at most `maxAgeMs`), so a client's many requests with one token
 * pay for one signature check: a least-recently-used cache of `maxEntries` tokens, each with a time to live. Tokens are
 * opaque keys here; a refused token is never remembered.
 */
export const cachingTokenVerifier = (
  inner: TokenVerifier,
  options: { maxEntries?: number; maxAgeMs?: number; now?: () => number } = {},
): TokenVerifier => {
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const now = options.now ?? Date.now;
  // ttlResolution 0: every look-up reads the clock, so an entry is never served a moment past its time.
  const cache = new LRUCache<string, Principal>({ max: options.maxEntries ?? 10_000, perf: { now }, ttlResolution: 0 });
  return {
    async verify(token) {
      const hit = cache.get(token);
      if (hit) return hit;
      const principal = await inner.verify(token);
      const ttl = Math.floor(Math.min(maxAgeMs, acceptedUntil(token) - now()));
      if (ttl >= 1) cache.set(token, principal, { ttl });
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
