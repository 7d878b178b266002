// Accounts: register, sign in (with guest upgrade), sessions, profile changes and account deletion.
import type { LoginRequest, RegisterRequest, UpdateMeRequest, User } from '../../shared/api/auth.ts';
import { ErrorCode } from '../../shared/errors.ts';
import type { Prisma } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../http/errors.ts';
import { clientNetwork } from '../http/network.ts';
import type { RateLimit } from '../http/rate-limit.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { hashToken, newToken, tokenKind } from './tokens.ts';

type AuthDeps = Pick<Deps, 'db' | 'config' | 'rateLimiter'>;
type Tx = Prisma.TransactionClient;
type UserRow = { id: string; email: string; username: string; createdAt: Date };

/** One message for a wrong login and a wrong password, so nobody learns which accounts exist. */
export const badCredentials = () => new AppError(401, ErrorCode.unauthorized, 'Wrong login or password');
const wrongPassword = () => new AppError(403, ErrorCode.forbidden, 'The current password is not right');

export const toUser = (u: UserRow): User => ({ id: u.id, email: u.email, username: u.username, createdAt: u.createdAt.toISOString() });

/**
 * Sign-in and registration limits, per window of AUTH_RATE_WINDOW_S. Nothing here counts per account
 * alone: a limit anyone can fill for somebody else's account would be a lockout anyone can trigger
 * (OWASP: no attacker-triggered account lockout). So a failed sign-in counts
 * - against its account from its network (AUTH_RATE_LIMIT): a guesser at one account is stopped there,
 *   while the owner signing in from elsewhere is not; the owner's success from that network clears it;
 * - against its network across accounts (five times that, several people behind one NAT): a guesser
 *   spraying many accounts is stopped too.
 * A sign-in with the right password uses up neither. Registrations count per network.
 */
export function authLimits({ config }: Pick<Deps, 'config'>) {
  const windowS = config.authRateWindowS;
  const perAccount = config.authRateLimit;
  return {
    loginNetwork: { name: 'login-network', limit: perAccount * 5, windowS },
    loginAccountNetwork: { name: 'login-account-network', limit: perAccount, windowS },
    registerNetwork: { name: 'register-network', limit: perAccount * 5, windowS },
    /** Re-entering one's password while signed in (password change, account deletion): per account, which only its sessions can reach. */
    confirmPassword: { name: 'confirm-password', limit: perAccount, windowS },
  } satisfies Record<string, RateLimit>;
}

/** Limiter key of an account seen from a network; JSON, so no account name or address can pass for another pair. */
const accountFromNetwork = (account: string, network: string) => JSON.stringify([account, network]);

async function createSession(tx: Tx, config: Deps['config'], userId: string): Promise<string> {
  const token = newToken('s');
  await tx.session.create({ data: { tokenHash: hashToken(token), userId, expiresAt: new Date(Date.now() + config.sessionTtlDays * 86400_000) } });
  return token;
}

/**
 * Makes a guest's room membership the user's: the row keeps its id (what the room already knows the guest
 * by) and loses its token; if the user is already in that room the guest row goes instead.
 */
export async function upgradeGuest(tx: Tx, userId: string, guestToken: string | undefined): Promise<boolean> {
  if (!guestToken || tokenKind(guestToken) !== 'g') return false;
  const guest = await tx.roomMember.findUnique({ where: { guestTokenHash: hashToken(guestToken) }, select: { id: true, roomId: true, userId: true } });
  if (!guest || guest.userId) return false;
  const existing = await tx.roomMember.findUnique({ where: { roomId_userId: { roomId: guest.roomId, userId } }, select: { id: true } });
  if (existing) await tx.roomMember.delete({ where: { id: guest.id } });
  else await tx.roomMember.update({ where: { id: guest.id }, data: { userId, guestTokenHash: null, lastSeenAt: new Date() } });
  return true;
}

export async function register(deps: AuthDeps, input: RegisterRequest, ip: string, guestToken?: string) {
  await deps.rateLimiter.hit(authLimits(deps).registerNetwork, clientNetwork(ip));
  const password = await hashPassword(input.password);
  return deps.db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email: input.email, username: input.username, password } });
    const token = await createSession(tx, deps.config, user.id);
    const guestUpgraded = await upgradeGuest(tx, user.id, guestToken);
    return { user: toUser(user), token, guestUpgraded };
  });
}

export async function login(deps: AuthDeps, input: LoginRequest, ip: string, guestToken?: string) {
  const limits = authLimits(deps);
  const network = clientNetwork(ip);
  // Every attempt counts before the password is checked (so a burst of parallel guesses cannot outrun
  // the count); a right password takes its count back below.
  await deps.rateLimiter.hit(limits.loginNetwork, network);
  const user = await deps.db.user.findUnique({ where: input.login.includes('@') ? { email: input.login } : { username: input.login } });
  const accountKey = accountFromNetwork(user?.id ?? input.login, network);
  await deps.rateLimiter.hit(limits.loginAccountNetwork, accountKey);
  const { ok, needsRehash } = await verifyPassword(user?.password ?? null, input.password);
  if (!ok || !user) throw badCredentials();
  // A refund, not a reset, for the network: signing in to one's own account must not clear the count of
  // guesses at other accounts made from the same network.
  await deps.rateLimiter.refund(limits.loginNetwork, network);
  await deps.rateLimiter.reset(limits.loginAccountNetwork, accountKey);
  const rehashed = needsRehash ? await hashPassword(input.password) : undefined;
  return deps.db.$transaction(async (tx) => {
    if (rehashed) await tx.user.update({ where: { id: user.id }, data: { password: rehashed } });
    await tx.session.deleteMany({ where: { userId: user.id, expiresAt: { lt: new Date() } } });
    const token = await createSession(tx, deps.config, user.id);
    const guestUpgraded = await upgradeGuest(tx, user.id, guestToken);
    return { user: toUser(user), token, guestUpgraded };
  });
}

export async function logout({ db }: Pick<Deps, 'db'>, sessionId: string) {
  await db.session.deleteMany({ where: { id: sessionId } });
}

export async function getUser({ db }: Pick<Deps, 'db'>, userId: string): Promise<User | null> {
  const user = await db.user.findUnique({ where: { id: userId } });
  return user ? toUser(user) : null;
}

/** Checks a signed-in user's password (rate-limited like a login); throws 403 when it is wrong. */
async function confirmPassword(deps: AuthDeps, userId: string, password: string) {
  const rule = authLimits(deps).confirmPassword;
  await deps.rateLimiter.hit(rule, userId);
  const user = await deps.db.user.findUnique({ where: { id: userId }, select: { password: true } });
  const { ok } = await verifyPassword(user?.password ?? null, password);
  if (!ok) throw wrongPassword();
  await deps.rateLimiter.reset(rule, userId);
}

/** Username and password changes; a new password ends every other session of the user. */
export async function updateMe(deps: AuthDeps, actor: { id: string; sessionId: string }, input: UpdateMeRequest): Promise<User> {
  let password: string | undefined;
  if (input.newPassword !== undefined) {
    await confirmPassword(deps, actor.id, input.currentPassword ?? '');
    password = await hashPassword(input.newPassword);
  }
  return deps.db.$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: actor.id }, data: { username: input.username, password } });
    if (password) await tx.session.deleteMany({ where: { userId: actor.id, id: { not: actor.sessionId } } });
    return toUser(user);
  });
}

/**
 * Deletes the account: its hosted rooms, playlists, likes and sessions go with it (cascades); its
 * memberships in other people's rooms stay as guest memberships under the old username.
 */
export async function deleteMe(deps: AuthDeps, userId: string, password: string) {
  await confirmPassword(deps, userId, password);
  await deps.db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true } });
    await tx.roomMember.updateMany({
      where: { userId, room: { hostId: { not: userId } } },
      data: { userId: null, displayName: user.username },
    });
    await tx.user.delete({ where: { id: userId } });
  });
}
