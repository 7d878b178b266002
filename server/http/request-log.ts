import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from '../log.ts';

const REQUEST_ID = /^[\w-]{1,64}$/;
/** A read slower than this is worth a line at info. */
const SLOW_MS = 1000;

/**
 * ctx.state of every request: its id, and a logger that carries it, made on first use (a pino child costs
 * about a microsecond, and most requests never log a line of their own).
 */
class RequestState {
  private logger?: Logger;
  constructor(private readonly base: Logger, readonly requestId: string) {}
  get log(): Logger {
    return (this.logger ??= this.base.child({ reqId: this.requestId }));
  }
}

/**
 * A request id on every request (X-Request-Id in and out) and one log line per request. A routine read (a
 * GET or HEAD answered below 400 within SLOW_MS) logs at debug: at thousands of cached searches a second,
 * a line each is real work for the server and noise for the reader. Writes, refusals, errors, slow
 * answers and clients that hung up stay at info; errors are also logged by errorMiddleware.
 */
export function requestLog(log: Logger) {
  return async (ctx: Context, next: Next) => {
    const incoming = ctx.get('x-request-id');
    const id = incoming !== '' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const state = new RequestState(log, id);
    ctx.state = state;
    ctx.res.setHeader('X-Request-Id', id);
    const started = performance.now();
    try {
      await next();
    } finally {
      const ms = Math.round(performance.now() - started);
      // clientGone: the client hung up before its answer (an aborted upload, a timeout): nothing was sent.
      const clientGone = ctx.req.socket?.destroyed === true;
      const routine = (ctx.method === 'GET' || ctx.method === 'HEAD') && ctx.status < 400 && ms < SLOW_MS && !clientGone;
      const level = routine ? 'debug' : 'info';
      if (log.isLevelEnabled(level)) {
        state.log[level]({ method: ctx.method, path: ctx.path, status: ctx.status, ms, ...(clientGone ? { clientGone } : {}) }, 'request');
      }
    }
  };
}
