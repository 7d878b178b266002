// onAuthenticate: who is connecting (session/guest token from the provider or cookies), whether they may
// enter this room, and whether their connection may write.
import type { beforeHandleAwarenessPayload, connectedPayload, Extension, onAuthenticatePayload } from '@hocuspocus/server';
import { CloseCode } from '../../shared/errors.ts';
import { roomCodeFromDocName } from '../../shared/room/doc.ts';
import type { ServerMessage } from '../../shared/room/protocol.ts';
import { tokensFrom } from '../auth/actor.ts';
import { isDbUnavailable } from '../db/unavailable.ts';
import type { Deps } from '../deps.ts';
import { actorName, connectAccess, type RoomAccess } from './access.ts';

/** Longest an authentication may wait on the database before the client is told to come back later. */
const AUTH_DB_TIMEOUT_MS = 1500;

export type SocketLike = { close: (code?: number, reason?: string) => void; readyState?: number };
/** The context a room connection carries (set here, read by the other room extensions). */
export type RoomContext = Partial<RoomAccess> & { socket?: SocketLike; ip?: string };

export const CloseReason: Record<number, string> = {
  [CloseCode.unauthorized]: 'unauthorized',
  [CloseCode.forbidden]: 'forbidden',
  [CloseCode.roomNotFound]: 'room-not-found',
  [CloseCode.roomDeleted]: 'room-deleted',
  [CloseCode.removed]: 'removed',
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

  /** Who may enter: one statement for a returning member or guest (access.ts connectAccess). */
  private async authenticate(documentName: string, token: string, requestHeaders: Headers, context: RoomContext, connectionConfig: onAuthenticatePayload['connectionConfig']): Promise<RoomAccess> {
    const code = roomCodeFromDocName(documentName);
    if (!code) refuse(context, CloseCode.roomNotFound);
    const tokens = [...(token ? [token] : []), ...tokensFrom({ cookie: requestHeaders.get('cookie'), authorization: requestHeaders.get('authorization') })];
    const result = await connectAccess(this.deps, code, tokens);
    if ('refused' in result) {
      if (result.refused === 'room-not-found') refuse(context, CloseCode.roomNotFound);
      if (result.refused === 'unauthorized') refuse(context, CloseCode.unauthorized, 'sign in or join the room first');
      refuse(context, CloseCode.forbidden, 'this guest pass is for another room');
    }
    // Never read-only: Hocuspocus would drop a read-only client's edits in silence and leave that client
    // diverged. Every edit is applied and judged (update-guard.ts), what is not allowed undone for everyone.
    connectionConfig.readOnly = false;
    return result.access;
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
