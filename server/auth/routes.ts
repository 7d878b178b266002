// /api/auth: register, login, logout, and the signed-in user's own account.
import Router from '@koa/router';
import type { Context } from 'koa';
import { DeleteMeRequestSchema, LoginRequestSchema, RegisterRequestSchema, UpdateMeRequestSchema, type SessionResponse } from '../../shared/api/auth.ts';
import { ErrorCode } from '../../shared/errors.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../http/errors.ts';
import { GUEST_COOKIE, parseCookies, requireUser, SESSION_COOKIE, type Actor } from './actor.ts';
import { clearGuestCookie, clearSessionCookie, setSessionCookie } from './cookies.ts';
import * as auth from './service.ts';

const notSignedIn = () => new AppError(401, ErrorCode.unauthorized, 'Not signed in');

export function authRoutes(deps: Deps) {
  const router = new Router({ prefix: '/auth' });
  const { config } = deps;

  /** Sends a new session: cookie for browsers, token in the body for everything else. */
  function signedIn(ctx: Context, result: { user: unknown; token: string; guestUpgraded: boolean }, status: number) {
    setSessionCookie(ctx, config, result.token);
    if (result.guestUpgraded || parseCookies(ctx.get('cookie'))[GUEST_COOKIE]) clearGuestCookie(ctx, config);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = status;
    ctx.body = { user: result.user, token: result.token };
  }
  const guestTokenOf = (ctx: Context, fromBody?: string) => fromBody ?? parseCookies(ctx.get('cookie'))[GUEST_COOKIE];

  router.post('/register', async (ctx) => {
    const input = RegisterRequestSchema.parse(ctx.request.body);
    signedIn(ctx, await auth.register(deps, input, ctx.ip, guestTokenOf(ctx, input.guestToken)), 201);
  });

  router.post('/login', async (ctx) => {
    const input = LoginRequestSchema.parse(ctx.request.body);
    signedIn(ctx, await auth.login(deps, input, ctx.ip, guestTokenOf(ctx, input.guestToken)), 200);
  });

  router.post('/logout', async (ctx) => {
    const actor = ctx.state.actor as Actor | null;
    if (actor?.kind === 'user') await auth.logout(deps, actor.sessionId);
    clearSessionCookie(ctx, config);
    ctx.status = 204;
  });

  /** The signed-in user, or null; the cookie is renewed (the session slides on the server, keep the browser's as long). */
  const currentUser = async (ctx: Context) => {
    const actor = ctx.state.actor as Actor | null;
    const user = actor?.kind === 'user' ? await auth.getUser(deps, actor.id) : null;
    const cookieToken = parseCookies(ctx.get('cookie'))[SESSION_COOKIE];
    if (user && cookieToken && !ctx.get('authorization')) setSessionCookie(ctx, config, cookieToken);
    ctx.set('Cache-Control', 'no-store');
    return user;
  };

  router.get('/me', async (ctx) => {
    const user = await currentUser(ctx);
    if (!user) throw notSignedIn();
    ctx.body = { user };
  });

  // What the web client asks on every page load: a visitor is an answer (200, user null), not a failed request.
  router.get('/session', async (ctx) => {
    ctx.body = { user: await currentUser(ctx) } satisfies SessionResponse;
  });

  router.patch('/me', async (ctx) => {
    const actor = requireUser(ctx);
    const input = UpdateMeRequestSchema.parse(ctx.request.body);
    ctx.body = { user: await auth.updateMe(deps, actor, input) };
  });

  router.delete('/me', async (ctx) => {
    const actor = requireUser(ctx);
    const { password } = DeleteMeRequestSchema.parse(ctx.request.body);
    await auth.deleteMe(deps, actor.id, password);
    clearSessionCookie(ctx, config);
    ctx.status = 204;
  });

  return router;
}
