// The one error type that crosses the HTTP boundary, and the middleware that renders every error.
import type { Context, Next } from 'koa';
import { ZodError } from 'zod';
import { ErrorCode } from '../../shared/errors.ts';
import { isDbUnavailable } from '../db/unavailable.ts';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Resource') => new AppError(404, ErrorCode.notFound, `${what} not found`);

type PrismaError = {
  code?: string;
  meta?: { modelName?: string; target?: unknown; driverAdapterError?: { cause?: { table?: string; constraint?: { index?: string; fields?: string[] } } } };
};

/** The field(s) a unique violation is about: "User_email_key" on table User → "email". */
function uniqueFields(err: PrismaError): string {
  const cause = err.meta?.driverAdapterError?.cause;
  if (cause?.constraint?.fields?.length) return cause.constraint.fields.join(', ');
  const index = cause?.constraint?.index;
  if (index) return index.replace(new RegExp(`^${cause?.table ?? err.meta?.modelName ?? ''}_`), '').replace(/_key$/, '').replace(/_/g, ', ');
  return Array.isArray(err.meta?.target) ? err.meta.target.join(', ') : 'value';
}

/** Maps a Prisma unique violation (P2002) to 409 naming the field(s), a missing row to 404. */
function fromPrisma(err: PrismaError) {
  if (err?.code === 'P2002') {
    const fields = uniqueFields(err);
    return new AppError(409, ErrorCode.conflict, `That ${fields} is already taken`, { fields: fields.split(', ') });
  }
  if (err?.code === 'P2025') return notFound();
  return null;
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    const first = err.issues[0];
    return new AppError(422, ErrorCode.validation, first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'Invalid input', err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const prisma = fromPrisma(err as PrismaError);
  if (prisma) return prisma;
  if (isDbUnavailable(err)) {
    return new AppError(503, ErrorCode.dbUnavailable, 'The database is unreachable right now; try again in a moment', undefined, { 'Retry-After': '5' });
  }
  const e = err as { status?: number; expose?: boolean; message?: string };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
    return new AppError(e.status, e.status === 404 ? ErrorCode.notFound : ErrorCode.badRequest, e.message ?? 'Bad request');
  }
  return new AppError(500, ErrorCode.internal, 'Something went wrong on our side; try again in a moment');
}

export async function errorMiddleware(ctx: Context, next: Next) {
  try {
    await next();
    if (ctx.status === 404 && ctx.body === undefined) throw new AppError(404, ErrorCode.notFound, `No route for ${ctx.method} ${ctx.path}`);
  } catch (err) {
    const app = toAppError(err);
    // An unreachable database is expected to happen and says nothing new per request: one line, no stack.
    if (app.code === ErrorCode.dbUnavailable) ctx.state.log?.warn({ method: ctx.method, path: ctx.path }, 'request failed: database unavailable');
    else if (app.status >= 500) ctx.state.log?.error({ err }, 'request failed');
    ctx.status = app.status;
    if (app.headers) ctx.set(app.headers);
    ctx.body = { error: { code: app.code, message: app.message, ...(app.details === undefined ? {} : { details: app.details }) } };
  }
}
