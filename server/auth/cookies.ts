// Set-Cookie for the session and guest cookies: always HttpOnly and SameSite=Lax; `Secure` when this
// request came over HTTPS (ctx.secure: directly, or through a proxy trusted with TRUST_PROXY) or when
// SECURE_COOKIES says TLS ends at a proxy we do not trust. Not ctx.cookies.set: it refuses a Secure
// cookie on a plain-HTTP hop, which is exactly the SECURE_COOKIES case.
import { stringifySetCookie } from 'cookie';
import type { Context } from 'koa';
import type { Config } from '../config.ts';
import { GUEST_COOKIE, SESSION_COOKIE } from './actor.ts';

function setCookie(ctx: Context, config: Config, name: string, value: string, maxAgeS: number) {
  const secure = config.secureCookies || ctx.secure;
  ctx.append('Set-Cookie', stringifySetCookie({ name, value, maxAge: maxAgeS, path: '/', httpOnly: true, sameSite: 'lax', secure }));
}

export function setSessionCookie(ctx: Context, config: Config, token: string) {
  setCookie(ctx, config, SESSION_COOKIE, token, config.sessionTtlDays * 86400);
}

export function clearSessionCookie(ctx: Context, config: Config) {
  setCookie(ctx, config, SESSION_COOKIE, '', 0);
}

/** A guest's room token; a guest keeps it for a year (the room may be reopened any time). */
export function setGuestCookie(ctx: Context, config: Config, token: string) {
  setCookie(ctx, config, GUEST_COOKIE, token, 365 * 86400);
}

export function clearGuestCookie(ctx: Context, config: Config) {
  setCookie(ctx, config, GUEST_COOKIE, '', 0);
}
