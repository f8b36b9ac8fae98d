import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { setContextCase } from '@libs/config/request-context';

/** Routes whose `:id` is a case id (`/api/cases/:id`, `/api/cases/:id/escalate`, …). */
const CASE_ROUTE = /^\/api\/cases\/:id(\/|$)/;

/** Adds the case a request works on to its log context, so every line about it can be found by case id. */
@Injectable()
export class CaseContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<Request>();
      const routePath: unknown = (request.route as { path?: unknown } | undefined)?.path;
      const id = request.params?.id;
      if (typeof routePath === 'string' && CASE_ROUTE.test(routePath) && typeof id === 'string') setContextCase(id);
    }
    return next.handle();
  }
}
