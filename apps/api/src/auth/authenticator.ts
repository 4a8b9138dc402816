import type { Principal } from '#libs/auth/principal.js';
import type { RateLimiter } from '#libs/auth/rate-limiter.js';
import { InvalidTokenError, ISSUER_RETRY_AFTER_SECONDS, TokenIssuerUnavailableError, type TokenVerifier } from '#libs/auth/token-verifier.js';
import { ProblemException } from '../http/problem.exception.js';

const REALM = 'overgang';

/** The bearer token of an `Authorization` header (RFC 6750 § 2.1; the scheme is case-insensitive), or null. */
export const bearerTokenOf = (header: string | undefined): string | null => /^Bearer +([\x21-\x7e]+) *$/i.exec(header ?? '')?.[1] ?? null;

// error_description may hold neither quotes nor backslashes (RFC 6750 § 3).
const quotable = (text: string): string => text.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '?');

/**
 * Who is calling: the token's principal, or the answer to give instead. Every failure is a problem, never a 500:
 * 401 with `WWW-Authenticate` (RFC 6750) for a missing or refused token, 503 while the issuer's keys cannot be
 * fetched, 429 over the rate limit. Requests without a valid token count against their client address, so a flood
 * of bad tokens is limited too; the others count against their actor.
 */
export class Authenticator {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly limiter: RateLimiter | null,
  ) {}

  async authenticate(token: string | null, clientAddress: string): Promise<Principal> {
    if (!token) {
      await this.#limit(`address:${clientAddress}`);
      throw ProblemException.of(401, 'Send a bearer token in the Authorization header', {}, { 'www-authenticate': `Bearer realm="${REALM}"` });
    }
    let principal: Principal;
    try {
      principal = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof TokenIssuerUnavailableError) {
        await this.#limit(`address:${clientAddress}`);
        throw ProblemException.of(503, 'Tokens cannot be checked now: the issuer cannot be reached', {}, {
          'retry-after': String(ISSUER_RETRY_AFTER_SECONDS),
        });
      }
      if (!(error instanceof InvalidTokenError)) throw error;
      await this.#limit(`address:${clientAddress}`);
      throw ProblemException.of(401, `The token was refused: ${error.message}`, {}, {
        'www-authenticate': `Bearer realm="${REALM}", error="invalid_token", error_description="${quotable(error.message)}"`,
      });
    }
    await this.#limit(`actor:${principal.sub}`);
    return principal;
  }

  async #limit(key: string): Promise<void> {
    const decision = await this.limiter?.take(key);
    if (decision && !decision.allowed) {
      throw ProblemException.of(429, `Too many requests; try again in ${decision.retryAfterSeconds} s`, {}, {
        'retry-after': String(decision.retryAfterSeconds),
      });
    }
  }
}
