// Set-Cookie for the session and guest cookies. Written by hand so `Secure` follows configuration (a TLS
// proxy in front) rather than whether this hop is HTTPS.
import type { Context } from 'koa';
import type { Config } from '../config.ts';
import { GUEST_COOKIE, SESSION_COOKIE } from './actor.ts';

function cookie(name: string, value: string, maxAgeS: number, secure: boolean) {
  return `${name}=${encodeURIComponent(value)}; Max-Age=${maxAgeS}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export function setSessionCookie(ctx: Context, config: Config, token: string) {
  ctx.append('Set-Cookie', cookie(SESSION_COOKIE, token, config.sessionTtlDays * 86400, config.secureCookies));
}

export function clearSessionCookie(ctx: Context, config: Config) {
  ctx.append('Set-Cookie', cookie(SESSION_COOKIE, '', 0, config.secureCookies));
}

export function clearGuestCookie(ctx: Context, config: Config) {
  ctx.append('Set-Cookie', cookie(GUEST_COOKIE, '', 0, config.secureCookies));
}
