// onAuthenticate: who is connecting (session/guest token from the provider or cookies), whether they may
// enter this room, and whether their connection may write.
import type { beforeHandleAwarenessPayload, Extension, onAuthenticatePayload } from '@hocuspocus/server';
import { CloseCode } from '../../shared/errors.ts';
import { roomCodeFromDocName } from '../../shared/room/doc.ts';
import { resolveActor, tokensFrom } from '../auth/actor.ts';
import type { Deps } from '../deps.ts';
import { actorName, enterRoom, type RoomAccess } from './access.ts';

export type SocketLike = { close: (code?: number, reason?: string) => void; readyState?: number };
/** The context a room connection carries (set here, read by the other room extensions). */
export type RoomContext = Partial<RoomAccess> & { socket?: SocketLike; ip?: string };

export const CloseReason: Record<number, string> = {
  [CloseCode.unauthorized]: 'unauthorized',
  [CloseCode.forbidden]: 'forbidden',
  [CloseCode.roomNotFound]: 'room-not-found',
  [CloseCode.roomDeleted]: 'room-deleted',
  [CloseCode.invalidUpdate]: 'invalid-update',
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

export class RoomAuth implements Extension {
  extensionName = 'jamroom-room-auth';
  priority = 200;
  constructor(private deps: Deps) {}

  async onAuthenticate({ documentName, token, requestHeaders, context, connectionConfig }: onAuthenticatePayload<RoomContext>): Promise<RoomAccess> {
    const code = roomCodeFromDocName(documentName);
    const room = code ? await this.deps.db.room.findUnique({ where: { code }, select: { id: true, code: true, name: true, hostId: true, settings: true } }) : null;
    if (!room) refuse(context, CloseCode.roomNotFound);
    const tokens = [...(token ? [token] : []), ...tokensFrom({ cookie: requestHeaders.get('cookie'), authorization: requestHeaders.get('authorization') })];
    const actor = tokens.length ? await resolveActor(this.deps, tokens) : null;
    if (!actor) refuse(context, CloseCode.unauthorized, 'sign in or join the room first');
    const access = await enterRoom(this.deps.db, room, actor);
    if (!access) refuse(context, CloseCode.forbidden, 'this guest pass is for another room');
    connectionConfig.readOnly = !(access.permissions.add || access.permissions.manage);
    return access;
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
