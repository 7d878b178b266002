// Who is making a request: a signed-in user (session token) or a guest (token bound to one room).
// The same resolution serves REST (middleware) and the websocket handshake (Hocuspocus onAuthenticate).
import { parseCookie } from 'cookie';
import type { Context, Next } from 'koa';
import { ErrorCode } from '../../shared/errors.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../http/errors.ts';
import { hashToken, tokenKind } from './tokens.ts';

export type UserActor = { kind: 'user'; id: string; username: string; sessionId: string };
export type GuestActor = { kind: 'guest'; id: string; displayName: string; roomId: string };
export type Actor = UserActor | GuestActor;

export const SESSION_COOKIE = 'jr_session';
export const GUEST_COOKIE = 'jr_guest';

/** Tokens a request carries, strongest first: bearer, then the session cookie, then the guest cookie. */
export function tokensFrom(headers: { authorization?: string | null; cookie?: string | null }): string[] {
  const out: string[] = [];
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  if (bearer) out.push(bearer);
  const cookies = parseCookies(headers.cookie ?? '');
  if (cookies[SESSION_COOKIE]) out.push(cookies[SESSION_COOKIE]);
  if (cookies[GUEST_COOKIE]) out.push(cookies[GUEST_COOKIE]);
  return out;
}

/** Cookie values, %-decoded; one that cannot be decoded stays raw (and, as a token, matches nobody). */
export function parseCookies(header: string): Record<string, string | undefined> {
  return parseCookie(header);
}

/** A session row as read with its user (here, and joined with a room membership in rooms/access.ts). */
export type SessionRow = { sessionId: string; expiresAt: Date; lastUsedAt: Date; userId: string; username: string };

/** The user a session row stands for, or null when it expired; renews a sliding expiry at most once an hour. */
export function sessionActor({ db, config }: Pick<Deps, 'db' | 'config'>, row: SessionRow): UserActor | null {
  if (new Date(row.expiresAt).getTime() <= Date.now()) return null;
  if (Date.now() - new Date(row.lastUsedAt).getTime() > 3600_000) {
    const now = new Date();
    void db.session.update({ where: { id: row.sessionId }, data: { lastUsedAt: now, expiresAt: new Date(now.getTime() + config.sessionTtlDays * 86400_000) } }).catch(() => {});
  }
  return { kind: 'user', id: row.userId, username: row.username, sessionId: row.sessionId };
}

/** The actor a token stands for, or null for an unknown, expired or malformed token. */
export async function actorFromToken(deps: Pick<Deps, 'db' | 'config'>, token: string): Promise<Actor | null> {
  const { db } = deps;
  const kind = tokenKind(token);
  if (kind === 's') {
    // One statement (Prisma's include would send two): every cookie request pays it.
    const [session] = await db.$queryRaw<SessionRow[]>`
      SELECT s.id AS "sessionId", s."expiresAt", s."lastUsedAt", u.id AS "userId", u.username
      FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE s."tokenHash" = ${hashToken(token)}`;
    return session ? sessionActor(deps, session) : null;
  }
  if (kind === 'g') {
    const member = await db.roomMember.findUnique({ where: { guestTokenHash: hashToken(token) }, select: { id: true, displayName: true, roomId: true, userId: true } });
    if (!member || member.userId) return null;
    return { kind: 'guest', id: member.id, displayName: member.displayName ?? 'Guest', roomId: member.roomId };
  }
  return null;
}

/** The first valid actor among the tokens, or null. */
export async function resolveActor(deps: Pick<Deps, 'db' | 'config'>, tokens: string[]): Promise<Actor | null> {
  for (const t of tokens) {
    const actor = await actorFromToken(deps, t);
    if (actor) return actor;
  }
  return null;
}

/** Sets ctx.state.actor (or null) and ctx.state.token for every request. */
export function actorMiddleware(deps: Pick<Deps, 'db' | 'config'>) {
  return async (ctx: Context, next: Next) => {
    const tokens = tokensFrom({ authorization: ctx.get('authorization'), cookie: ctx.get('cookie') });
    ctx.state.actor = tokens.length ? await resolveActor(deps, tokens) : null;
    return next();
  };
}

export function requireActor(ctx: Context): Actor {
  const actor = ctx.state.actor as Actor | null;
  if (!actor) throw new AppError(401, ErrorCode.unauthorized, 'Sign in or join the room first');
  return actor;
}

export function requireUser(ctx: Context): UserActor {
  const actor = requireActor(ctx);
  if (actor.kind !== 'user') throw new AppError(403, ErrorCode.forbidden, 'This needs an account: sign in or register');
  return actor;
}
