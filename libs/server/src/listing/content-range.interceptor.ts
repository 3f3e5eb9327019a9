import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { Page } from './list-query';

/** Lets controllers return a `Page`; answers with its items and the `Content-Range` header. */
@Injectable()
export class ContentRangeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof Page)) return result;
        context.switchToHttp().getResponse<FastifyReply>().header('Content-Range', result.contentRange);
        return result.items;
      }),
    );
  }
}
