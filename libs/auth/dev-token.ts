import { SignJWT, type CryptoKey } from 'jose';
import { DEV_ALGORITHM, DEV_AUDIENCE, DEV_ISSUER } from './dev-keys.js';
import type { Role } from './principal.js';

export interface DevTokenClaims {
  readonly role: Role;
  readonly org: string;
  readonly sub?: string;
  readonly name?: string;
}

/** A token the API accepts for `ttlSeconds` (it accepts none for longer than 12 hours after `iat`). */
export const signDevToken = (privateKey: CryptoKey, claims: DevTokenClaims, ttlSeconds = 12 * 3600): Promise<string> =>
  new SignJWT({ role: claims.role, org: claims.org, ...(claims.name ? { name: claims.name } : {}) })
    .setProtectedHeader({ alg: DEV_ALGORITHM })
    .setSubject(claims.sub ?? `dev-${claims.role}-${claims.org}`)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(privateKey);
