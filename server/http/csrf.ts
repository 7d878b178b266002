// CSRF defence for cookie-authenticated writes. A cross-site page can make a browser send our cookies
// (SameSite=Lax still allows some top-level navigations), but it cannot send a JSON content type without
// a CORS preflight, and browsers tell us its Origin. Bearer requests carry no ambient authority.
import type { Context, Next } from 'koa';
import { ErrorCode } from '../../shared/errors.ts';
import { GUEST_COOKIE, parseCookies, SESSION_COOKIE } from '../auth/actor.ts';
import { AppError } from './errors.ts';
import { isForeignOrigin } from './origin.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `application/json` or any `type/subtype+json`, parameters ignored (what ctx.is('application/json', '+json') accepts). */
function isJsonMediaType(contentType: string): boolean {
  const media = contentType.split(';')[0].trim().toLowerCase();
  return media === 'application/json' || /^[\w.!#$&^-]+\/[\w.!#$&^+-]+\+json$/.test(media);
}

export async function csrf(ctx: Context, next: Next) {
  if (SAFE_METHODS.has(ctx.method) || /^Bearer\s/i.test(ctx.get('authorization'))) return next();
  const cookies = parseCookies(ctx.get('cookie'));
  if (!cookies[SESSION_COOKIE] && !cookies[GUEST_COOKIE]) return next();
  // The header itself is judged: ctx.is() answers null when neither Content-Length nor Transfer-Encoding
  // is sent, which refused a bodiless write naming JSON (`curl -X POST -H 'Content-Type: application/json'`).
  const contentType = ctx.get('content-type');
  const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
  if ((hasBody || contentType !== '') && !isJsonMediaType(contentType)) {
    throw new AppError(403, ErrorCode.forbidden, 'Requests signed in by cookie must send JSON (Content-Type: application/json)');
  }
  // Koa 3's ctx.origin echoes the Origin header; our own origin is protocol + Host.
  if (isForeignOrigin(ctx.get('origin') || undefined, ctx.protocol, ctx.host)) {
    throw new AppError(403, ErrorCode.forbidden, 'Cross-origin request refused');
  }
  return next();
}
