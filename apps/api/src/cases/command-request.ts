import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '#libs/event-store/event-store.port.js';
import type { Principal } from '#libs/auth/principal.js';
import { ProblemException } from '../http/problem.exception.js';
import type { AuthenticatedRequest } from '../auth/auth.decorators.js';
import type { IdempotentRequest } from '../idempotency/idempotency.interceptor.js';

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

export const entityTag = (revision: bigint | number): string => `"${revision}"`;

/**
 * An id the server makes for a command (its case, visit, presentation or decision). With an Idempotency-Key it is
 * derived from the command's id, so the command sent again after a lost answer names the same thing; else random.
 */
export const madeId = (request: IdempotentRequest, purpose: 'caseId' | 'visitId' | 'presentationId' | 'decisionId'): string => {
  if (request.commandId === undefined) return randomUUID();
  const hex = createHash('sha256').update(`${request.commandId}\n${purpose}`).digest('hex');
  // A name-based UUID (RFC 9562 version 8, SHA-256): the version and variant bits set.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
