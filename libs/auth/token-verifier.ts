import { createRemoteJWKSet, errors, jwtVerify, type CryptoKey, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER } from './dev-keys.js';
import { isRole, type Principal } from './principal.js';

export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

export interface ClaimNames {
  readonly role: string;
  readonly org: string;
  readonly name: string;
}

export const DEFAULT_CLAIM_NAMES: ClaimNames = { role: 'role', org: 'org', name: 'name' };

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

const principalFrom = (payload: JWTPayload, claims: ClaimNames): Principal => {
  const role = payload[claims.role];
  const org = payload[claims.org];
  const name = payload[claims.name];
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new InvalidTokenError('token has no subject');
  if (!isRole(role)) throw new InvalidTokenError('token has no known role');
  if (typeof org !== 'string' || org === '') throw new InvalidTokenError('token has no organisation');
  return { sub: payload.sub, role, org, name: typeof name === 'string' ? name : null };
};

const verifier = (
  key: CryptoKey | JWTVerifyGetKey,
  issuer: string,
  audience: string,
  claims: ClaimNames,
): TokenVerifier => ({
  async verify(token) {
    try {
      const { payload } = await jwtVerify(token, key as CryptoKey, { issuer, audience });
      return principalFrom(payload, claims);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof errors.JOSEError) throw new InvalidTokenError(error.code);
      throw error;
    }
  },
});

export const devTokenVerifier = (publicKey: CryptoKey): TokenVerifier =>
  verifier(publicKey, DEV_ISSUER, DEV_AUDIENCE, DEFAULT_CLAIM_NAMES);

export const oidcTokenVerifier = (options: {
  jwksUrl: string;
  issuer: string;
  audience: string;
  claims: ClaimNames;
}): TokenVerifier => verifier(createRemoteJWKSet(new URL(options.jwksUrl)), options.issuer, options.audience, options.claims);
