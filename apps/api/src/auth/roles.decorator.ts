import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Role } from '@libs/domain';
import { ApiErrorResponses } from '../common/api-error.decorators';

export const ROLES_KEY = 'auth:roles';

/**
 * Only actors holding at least one of these roles may call the endpoint; others get 403 ROLE_NOT_ALLOWED.
 * On a class it applies to every handler; a handler's own @Roles replaces the class's.
 */
export function Roles(...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth(), ApiErrorResponses(401, 403));
}
