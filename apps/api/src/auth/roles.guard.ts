import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '@libs/domain';
import { ApiError } from '../common/api-error';
import { IS_PUBLIC_KEY } from './public.decorator';
import { authOf } from './request-auth';
import { ROLES_KEY } from './roles.decorator';

/** Enforces @Roles(...): the actor must hold at least one of the listed roles (403 ROLE_NOT_ALLOWED). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!allowed || allowed.length === 0) return true;
    const auth = authOf(context.switchToHttp().getRequest<Request>());
    if (!auth) {
      if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED');
    }
    if (!auth.actor.roles.some((role) => allowed.includes(role))) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'ROLE_NOT_ALLOWED');
    }
    return true;
  }
}
