import type { Actor } from '#libs/event-store/event-store.port.js';
import type { Principal } from '#libs/auth/principal.js';
import { ProblemException } from '../http/problem.exception.js';
import type { AuthenticatedRequest } from '../auth/auth.decorators.js';

const ENTITY_TAG = /^(?:W\/)?"?(\d{1,18})"?$/;

export const actorOf = (principal: Principal): Actor => ({ id: principal.sub, role: principal.role, organisation: principal.org });

/** `If-Match: "<revision>"`; absent means "retry conflicts for me". */
export const expectedRevisionOf = (request: AuthenticatedRequest): bigint | undefined => {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = typeof header === 'string' ? ENTITY_TAG.exec(header.trim()) : null;
  if (!match) {
    throw ProblemException.of(400, 'If-Match must be the case revision as an entity tag, e.g. "4"', {
      errors: [{ field: 'If-Match', message: 'must be an entity tag holding a revision, e.g. "4"' }],
    });
  }
  return BigInt(match[1]!);
};

export const entityTag = (revision: bigint): string => `"${revision}"`;
