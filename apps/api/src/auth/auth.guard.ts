import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '#libs/auth/principal.js';
import { ProblemException } from '../http/problem.exception.js';
import { ALLOWED_ROLES, PUBLIC_ROUTE, type AuthenticatedRequest } from './auth.decorators.js';
import { bearerTokenOf, type Authenticator } from './authenticator.js';

export const AUTHENTICATOR = Symbol('Authenticator');

/** Every route needs a valid bearer token unless marked public; roles are checked here, before validation. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTHENTICATOR) private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.principal = await this.authenticator.authenticate(bearerTokenOf(request.headers.authorization), request.ip);

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(request.principal.role)) {
      throw ProblemException.of(403, `The role ${request.principal.role} may not do this`);
    }
    return true;
  }
}
