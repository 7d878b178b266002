import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from '../log.ts';

/** A request id on every request (X-Request-Id in and out) and one log line per request. */
export function requestLog(log: Logger) {
  return async (ctx: Context, next: Next) => {
    const incoming = ctx.get('x-request-id');
    const id = /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = id;
    ctx.state.log = log.child({ reqId: id });
    ctx.set('X-Request-Id', id);
    const started = performance.now();
    try {
      await next();
    } finally {
      // clientGone: the client hung up before its answer (an aborted upload, a timeout): nothing was sent.
      const clientGone = ctx.req.socket?.destroyed ? { clientGone: true } : {};
      ctx.state.log.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started), ...clientGone }, 'request');
    }
  };
}
