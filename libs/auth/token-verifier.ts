import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type CryptoKey,
  type JWSHeaderParameters,
  type JWTPayload,
  type JWTVerifyGetKey,
  type RemoteJWKSet,
} from 'jose';
import { DEV_ALGORITHM, DEV_AUDIENCE, DEV_ISSUER } from './dev-keys.js';
import { isRole, type Principal } from './principal.js';

/** The token is refused: the caller is not authenticated (401). */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

/** The issuer's keys could not be fetched: the token can be neither accepted nor refused now (503). */
export class TokenIssuerUnavailableError extends Error {
  override readonly name = 'TokenIssuerUnavailableError';
}

export interface ClaimNames {
  readonly role: string;
  readonly org: string;
  readonly name: string;
}

export const DEFAULT_CLAIM_NAMES: ClaimNames = { role: 'role', org: 'org', name: 'name' };

/** api.md, Identity: a token is accepted only this long after it was issued, and with this much clock skew. */
export const TOKEN_MAX_AGE_SECONDS = 12 * 3600;
export const TOKEN_CLOCK_SKEW_SECONDS = 60;

/** How long to wait before asking an issuer whose keys could not be fetched again (and what Retry-After says). */
export const ISSUER_RETRY_AFTER_SECONDS = 5;

/** Never accepted, whatever a configuration or a key set says: unsigned, or signed with a shared secret. */
export const isForbiddenAlgorithm = (alg: string): boolean => /^(none|HS\d+)$/i.test(alg);

export interface TokenVerifier {
  /** The caller the token names; throws InvalidTokenError or TokenIssuerUnavailableError, and nothing else. */
  verify(token: string): Promise<Principal>;
}

const principalFrom = (payload: JWTPayload, claims: ClaimNames): Principal => {
  const role = payload[claims.role];
  const org = payload[claims.org];
  const name = payload[claims.name];
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new InvalidTokenError('the token has no subject');
  if (!isRole(role)) throw new InvalidTokenError('the token has no known role');
  if (typeof org !== 'string' || org === '') throw new InvalidTokenError('the token has no organisation');
  return { sub: payload.sub, role, org, name: typeof name === 'string' ? name : null };
};

/** Why jose refused a token, for the caller: its claim and signature messages name no secret. */
const reasonOf = (error: unknown): string => {
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not match';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return 'the token is not signed with an accepted algorithm';
  if (error instanceof errors.JWTExpired || error instanceof errors.JWTClaimValidationFailed) return error.message;
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return 'no key of the issuer matches the token';
  return 'the token is malformed';
};

interface VerifierOptions {
  readonly key: CryptoKey | JWTVerifyGetKey;
  /** The accepted `alg` values; null when the key resolver pins them itself. */
  readonly algorithms: readonly string[] | null;
  readonly issuer: string;
  readonly audience: string;
  readonly claims: ClaimNames;
}

const verifier = ({ key, algorithms, issuer, audience, claims }: VerifierOptions): TokenVerifier => ({
  async verify(token) {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as CryptoKey, {
        issuer,
        audience,
        ...(algorithms ? { algorithms: [...algorithms] } : {}),
        requiredClaims: ['exp', 'iat', 'sub'],
        maxTokenAge: TOKEN_MAX_AGE_SECONDS,
        clockTolerance: TOKEN_CLOCK_SKEW_SECONDS,
      }));
    } catch (error) {
      // Anything a token can make jose or WebCrypto throw is the token's fault, never a 500.
      if (error instanceof TokenIssuerUnavailableError) throw error;
      throw new InvalidTokenError(reasonOf(error));
    }
    return principalFrom(payload, claims);
  },
});

export const devTokenVerifier = (publicKey: CryptoKey): TokenVerifier =>
  verifier({ key: publicKey, algorithms: [DEV_ALGORITHM], issuer: DEV_ISSUER, audience: DEV_AUDIENCE, claims: DEFAULT_CLAIM_NAMES });

/** The `alg` values the issuer's key set publishes for its keys (a key without `alg` publishes none). */
const publishedAlgorithms = (keys: RemoteJWKSet): Set<string> =>
  new Set((keys.jwks()?.keys ?? []).flatMap((jwk) => (typeof jwk.alg === 'string' && !isForbiddenAlgorithm(jwk.alg) ? [jwk.alg] : [])));

const isTokenFault = (error: unknown): boolean =>
  error instanceof errors.JWKSNoMatchingKey ||
  error instanceof errors.JWKSMultipleMatchingKeys ||
  error instanceof errors.JOSENotSupported ||
  error instanceof errors.JOSEAlgNotAllowed;

/**
 * The issuer's keys, fetched from its JWKS. Without configured algorithms, a token's `alg` must be one the key set
 * publishes; a failure to fetch the key set is the issuer's, not the token's.
 */
const issuerKeys = (jwksUrl: string, algorithmsConfigured: boolean): JWTVerifyGetKey => {
  const keys = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5000 });
  // After a failed fetch, tokens are answered "unavailable" for a while without asking again: a flood of requests
  // during the issuer's outage does not become a flood of fetches against it.
  let failedUntil = 0;
  const unavailable = (error: unknown): TokenIssuerUnavailableError => {
    failedUntil = Date.now() + ISSUER_RETRY_AFTER_SECONDS * 1000;
    return new TokenIssuerUnavailableError(`the issuer's keys could not be fetched (${(error as Error).message})`);
  };
  return async (header: JWSHeaderParameters, token) => {
    if (isForbiddenAlgorithm(header.alg ?? 'none')) throw new errors.JOSEAlgNotAllowed('forbidden algorithm');
    if (Date.now() < failedUntil) throw new TokenIssuerUnavailableError("the issuer's keys could not be fetched a moment ago");
    if (!algorithmsConfigured) {
      if (keys.jwks() === undefined) await keys.reload().catch((error: unknown) => Promise.reject(unavailable(error)));
      if (!publishedAlgorithms(keys).has(header.alg!)) throw new errors.JOSEAlgNotAllowed('algorithm not published by the issuer');
    }
    try {
      return await keys(header, token);
    } catch (error) {
      throw isTokenFault(error) ? error : unavailable(error);
    }
  };
};

export const oidcTokenVerifier = (options: {
  jwksUrl: string;
  issuer: string;
  audience: string;
  claims: ClaimNames;
  algorithms: readonly string[] | null;
}): TokenVerifier =>
  verifier({
    key: issuerKeys(options.jwksUrl, options.algorithms !== null),
    algorithms: options.algorithms,
    issuer: options.issuer,
    audience: options.audience,
    claims: options.claims,
  });
