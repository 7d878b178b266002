// JSON bodies: a size limit (413), a JSON content type, and a parse error as 400.
import type { Context, Next } from 'koa';
import { ErrorCode } from '../../shared/errors.ts';
import { AppError } from './errors.ts';

export function jsonBody(limitBytes: number) {
  return async (ctx: Context, next: Next) => {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) return next();
    const declared = Number(ctx.get('content-length') || 0);
    if (declared > limitBytes) throw tooLarge(limitBytes);
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of ctx.req) {
        size += (chunk as Buffer).length;
        if (size > limitBytes) throw tooLarge(limitBytes);
        chunks.push(chunk as Buffer);
      }
    } catch (err) {
      // The client hung up mid-upload (or took longer than the request timeout): its doing, not a fault here.
      if (ctx.req.destroyed && !(err instanceof AppError)) throw new AppError(400, ErrorCode.badRequest, 'The request body was cut off before its end');
      throw err;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') {
      ctx.request.body = undefined;
      return next();
    }
    if (!ctx.is('application/json', '+json')) {
      throw new AppError(415, ErrorCode.unsupportedMediaType, 'Send the body as JSON with Content-Type: application/json');
    }
    try {
      ctx.request.body = JSON.parse(text);
    } catch {
      throw new AppError(400, ErrorCode.invalidJson, 'The request body is not valid JSON');
    }
    return next();
  };
}

const tooLarge = (limit: number) => new AppError(413, ErrorCode.payloadTooLarge, `The request body is larger than ${limit} bytes`);

declare module 'koa' {
  interface Request { body?: unknown }
}
