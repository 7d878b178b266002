// onAuthenticate: who is connecting (session/guest token from the provider or cookies), whether they may
// enter this room, and whether their connection may write.
import type { beforeHandleAwarenessPayload, connectedPayload, Extension, onAuthenticatePayload } from '@hocuspocus/server';
import { CloseCode } from '../../shared/errors.ts';
import { roomCodeFromDocName } from '../../shared/room/doc.ts';
import type { ServerMessage } from '../../shared/room/protocol.ts';
import { resolveActor, tokensFrom } from '../auth/actor.ts';
import { isDbUnavailable } from '../db/unavailable.ts';
import type { Deps } from '../deps.ts';
import { actorName, enterRoom, memberAccess, type RoomAccess, type RoomKey, type RoomRow } from './access.ts';

/** Longest an authentication may wait on the database before the client is told to come back later. */
const AUTH_DB_TIMEOUT_MS = 1500;
/** Rooms whose fixed facts (id, host) this node remembers; past this the oldest are forgotten. */
const KNOWN_ROOMS = 5000;

export type SocketLike = { close: (code?: number, reason?: string) => void; readyState?: number };
/** The context a room connection carries (set here, read by the other room extensions). */
export type RoomContext = Partial<RoomAccess> & { socket?: SocketLike; ip?: string };

export const CloseReason: Record<number, string> = {
  [CloseCode.unauthorized]: 'unauthorized',
  [CloseCode.forbidden]: 'forbidden',
  [CloseCode.roomNotFound]: 'room-not-found',
  [CloseCode.roomDeleted]: 'room-deleted',
  [CloseCode.invalidUpdate]: 'invalid-update',
  [CloseCode.unavailable]: 'unavailable',
};

/**
 * Refuses with a Jamroom close code: Hocuspocus answers "permission denied" with the reason, then the
 * socket is closed with the code (a Jamroom client holds one room per socket).
 */
export function refuse(context: RoomContext, code: number, detail?: string): never {
  const reason = (detail ? `${CloseReason[code]}: ${detail}` : CloseReason[code]).slice(0, 120);
  setTimeout(() => context.socket?.close(code, reason), 0);
  throw { code, reason };
}

export function sendAccess(connection: { sendStateless: (s: string) => void }, ctx: RoomContext) {
  if (!ctx.role || !ctx.permissions) return;
  connection.sendStateless(JSON.stringify({ type: 'access', role: ctx.role, permissions: ctx.permissions } satisfies ServerMessage));
}

export class RoomAuth implements Extension {
  extensionName = 'jamroom-room-auth';
  priority = 200;
  /** Room code → its fixed facts. A deleted room is noticed by its membership read coming back empty. */
  private known = new Map<string, RoomKey>();
  constructor(private deps: Deps) {}

  async onAuthenticate({ documentName, token, requestHeaders, context, connectionConfig }: onAuthenticatePayload<RoomContext>): Promise<RoomAccess> {
    // Who may enter is read from PostgreSQL. While it is unreachable the client is told so at once, with a
    // code it retries on, instead of waiting out the pool's connect timeouts and Hocuspocus's own.
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.authenticate(documentName, token, requestHeaders, context, connectionConfig),
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('connection timeout')), AUTH_DB_TIMEOUT_MS); }),
      ]);
    } catch (err) {
      if (isDbUnavailable(err)) refuse(context, CloseCode.unavailable, 'the database is unreachable, try again shortly');
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A member connecting again costs the session read, then one statement for the membership with the room's
   * current settings (memberAccess), and writes nothing. The room row is read (alongside the session) only
   * the first time this node sees the room, or when the membership read finds nothing (a first visit, a
   * deleted room): id and host never change, settings and overrides are always read fresh.
   */
  private async authenticate(documentName: string, token: string, requestHeaders: Headers, context: RoomContext, connectionConfig: onAuthenticatePayload['connectionConfig']): Promise<RoomAccess> {
    const code = roomCodeFromDocName(documentName);
    const tokens = [...(token ? [token] : []), ...tokensFrom({ cookie: requestHeaders.get('cookie'), authorization: requestHeaders.get('authorization') })];
    const known = code ? this.known.get(code) : undefined;
    const [room, actor] = await Promise.all([
      known ?? (code ? this.findRoom(code) : null),
      tokens.length ? resolveActor(this.deps, tokens) : null,
    ]);
    if (!room) refuse(context, CloseCode.roomNotFound);
    if (!actor) refuse(context, CloseCode.unauthorized, 'sign in or join the room first');
    let access = await memberAccess(this.deps.db, room, actor);
    if (!access) {
      const row = known ? await this.findRoom(code!) : (room as RoomRow);
      if (!row) refuse(context, CloseCode.roomNotFound);
      access = await enterRoom(this.deps.db, row, actor);
    }
    if (!access) refuse(context, CloseCode.forbidden, 'this guest pass is for another room');
    // Never read-only: Hocuspocus would drop a read-only client's edits in silence and leave that client
    // diverged. Every edit is applied and judged (update-guard.ts), what is not allowed undone for everyone.
    connectionConfig.readOnly = false;
    return access;
  }

  private async findRoom(code: string): Promise<RoomRow | null> {
    const row = await this.deps.db.room.findUnique({ where: { code }, select: { id: true, code: true, name: true, hostId: true, settings: true } });
    this.known.delete(code);
    if (!row) return null;
    if (this.known.size >= KNOWN_ROOMS) this.known.delete(this.known.keys().next().value!);
    this.known.set(code, { id: row.id, code: row.code, name: row.name, hostId: row.hostId });
    return row;
  }

  /** The client learns what it may do (it hides what it may not, and re-applies only allowed intents). */
  async connected({ connection, context }: connectedPayload<RoomContext>) {
    sendAccess(connection, context);
  }

  /** Presence shows who someone really is: the name and id in awareness come from their session. */
  async beforeHandleAwareness({ states, context }: beforeHandleAwarenessPayload<RoomContext>) {
    const actor = context?.actor;
    if (!actor) return;
    for (const state of states.values()) {
      const user = typeof state.user === 'object' && state.user !== null ? state.user : {};
      state.user = { ...user, id: actor.id, name: actorName(actor), kind: actor.kind };
    }
  }
}
