import { createHash } from 'node:crypto';
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.decorators.js';
import { ProblemException } from '../http/problem.exception.js';
import { loadCase } from '#libs/application/case-events.js';
import type { Principal } from '#libs/auth/principal.js';
import type { EventStore } from '#libs/event-store/event-store.port.js';
import { authorizeCase, ownerOf } from '../cases/case-access.js';
import { EVENT_STORE, IDEMPOTENCY_STORE } from '../infrastructure/tokens.js';
import type { IdempotencyStore } from './idempotency.store.js';

const KEY = /^[\x21-\x7e]{1,200}$/;
const IN_PROGRESS_WAIT_MS = 5000;

const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
};

export const requestHash = (method: string, path: string, body: unknown): string =>
  createHash('sha256')
    .update(`${method} ${path}\n${JSON.stringify(canonical(body ?? null))}`)
    .digest('hex');

/** A request this interceptor has seen: with an Idempotency-Key, `commandId` names its command in the events it records. */
export type IdempotentRequest = AuthenticatedRequest & { commandId?: string };

/**
 * The command's id: the caller (`sub`, `role`, `org`), its key and the request. A key reused, after it expired, for
 * another request names another command, so it is never mistaken for the first.
 */
const commandIdOf = (principal: Principal, key: string, hash: string): string =>
  createHash('sha256').update(`${principal.sub}\n${principal.role}\n${principal.org}\n${key}\n${hash}`).digest('hex');

/**
 * `Idempotency-Key`: the same caller with the same key and request gets the first answer again, and nothing new
 * is recorded. A replay is an answer about a case like any other: it is given only while the case is in the
 * caller's scope (404 otherwise, as for any case outside it).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<IdempotentRequest>();
    const key = request.headers['idempotency-key'];
    if (key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw ProblemException.of(400, 'Idempotency-Key must be 1-200 visible ASCII characters', {
        errors: [{ field: 'Idempotency-Key', message: 'must be 1-200 visible ASCII characters' }],
      });
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const hash = requestHash(request.method, request.url.split('?')[0]!, request.body);
    request.commandId = commandIdOf(request.principal!, key, hash);
    return from(this.run(request.principal!, key, hash, reply, () => lastValueFrom(next.handle())));
  }

  private async run(
    principal: Principal,
    key: string,
    hash: string,
    reply: FastifyReply,
    execute: () => Promise<unknown>,
  ): Promise<unknown> {
    const waitUntil = Date.now() + IN_PROGRESS_WAIT_MS;
    for (;;) {
      const claim = await this.store.claim(principal, key, hash);
      switch (claim.kind) {
        case 'mismatch':
          throw ProblemException.of(422, 'This Idempotency-Key was used with another request');
        case 'completed': {
          const answer = claim.response as { caseId?: unknown; revision?: unknown } | null;
          if (typeof answer?.caseId === 'string') {
            authorizeCase(principal, answer.caseId, ownerOf((await loadCase(this.eventStore, answer.caseId)).state));
          }
          void reply.status(claim.statusCode).header('idempotent-replayed', 'true');
          // The first answer carried the revision as its ETag; so does its replay.
          if (typeof answer?.revision === 'number') void reply.header('etag', `"${answer.revision}"`);
          return claim.response;
        }
        case 'in_progress':
          if (Date.now() > waitUntil) {
            throw ProblemException.of(409, 'A request with this Idempotency-Key is still being processed', {
              rule: 'idempotent-request-in-progress',
            });
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
          continue;
        case 'claimed':
          try {
            const response = await execute();
            await this.store.complete(principal, key, claim.claimId, reply.statusCode, response);
            return response;
          } catch (error) {
            await this.store.release(principal, key, claim.claimId);
            throw error;
          }
      }
    }
  }
}
