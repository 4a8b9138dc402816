import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import type { Role } from '#libs/auth/principal.js';
import { RateLimiter } from '#libs/auth/rate-limiter.js';
import type { AppConfig } from '#libs/config/config.js';
import { InvalidTokenError, type TokenVerifier } from '#libs/auth/token-verifier.js';
import { ProblemException } from '../http/problem.exception.js';
import { APP_CONFIG } from '../infrastructure/tokens.js';
import { ALLOWED_ROLES, PUBLIC_ROUTE, type AuthenticatedRequest } from './auth.decorators.js';

export const TOKEN_VERIFIER = Symbol('TokenVerifier');

/** Every route needs a valid bearer token unless marked public; roles are checked here, before validation. */
@Injectable()
export class AuthGuard implements CanActivate {
  readonly #limiter: RateLimiter | null;

  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.#limiter = config.rateLimit ? new RateLimiter(config.rateLimit) : null;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null;
    if (!token) throw ProblemException.of(401, 'Send a bearer token in the Authorization header');
    try {
      request.principal = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw ProblemException.of(401, `The token was refused: ${error.message}`);
      throw error;
    }

    const decision = this.#limiter?.take(request.principal.sub);
    if (decision && !decision.allowed) {
      void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(decision.retryAfterSeconds));
      throw ProblemException.of(429, `Too many requests from ${request.principal.sub}; try again in ${decision.retryAfterSeconds} s`);
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(request.principal.role)) {
      throw ProblemException.of(403, `The role ${request.principal.role} may not do this`);
    }
    return true;
  }
}
