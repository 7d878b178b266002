// The rooms feature's Hocuspocus side as one bundle per server: the extensions (one per concern) and the
// operations REST needs on live documents (apply a playback request, refresh permissions, close a room).
import type { Document, Hocuspocus } from '@hocuspocus/server';
import { CloseCode } from '../../shared/errors.ts';
import { roomDocName, type RoomSettings } from '../../shared/room/doc.ts';
import { permissionsFor } from '../../shared/room/permissions.ts';
import type { Deps } from '../deps.ts';
import { overridesFrom } from './access.ts';
import { CloseReason, RoomAuth, sendAccess, type RoomContext } from './auth-extension.ts';
import { RoomPersistence, SERVER_ORIGIN, syncSettings } from './persistence.ts';
import { PlayableCheck } from './playable-check.ts';
import { PlaybackAuthority } from './playback-authority.ts';
import { UpdateGuard } from './update-guard.ts';

export class RoomSync {
  readonly auth: RoomAuth;
  readonly guard: UpdateGuard;
  readonly persistence: RoomPersistence;
  readonly playback: PlaybackAuthority;
  readonly playable: PlayableCheck;
  private hocuspocus: Hocuspocus;

  constructor(private deps: Deps) {
    this.hocuspocus = deps.hocuspocus;
    this.auth = new RoomAuth(deps);
    this.guard = new UpdateGuard(deps.log);
    this.persistence = new RoomPersistence(deps);
    this.playback = new PlaybackAuthority(deps);
    this.playable = new PlayableCheck(deps);
  }

  get extensions() {
    return [this.auth, this.guard, this.persistence, this.playback, this.playable];
  }

  loaded(code: string): Document | undefined {
    return this.hocuspocus.documents.get(roomDocName(code));
  }

  /** Runs fn on the room's document: the loaded one, or loaded for the call and stored after it. */
  async withDoc<T>(code: string, fn: (doc: Document) => T): Promise<T> {
    const doc = this.loaded(code);
    if (doc && !doc.isDestroyed) return fn(doc);
    const direct = await this.hocuspocus.openDirectConnection(roomDocName(code), { server: true });
    try {
      return fn(direct.document!);
    } finally {
      await direct.disconnect();
    }
  }

  connections(code: string): Array<{ context: RoomContext; sendStateless: (s: string) => void }> {
    return (this.loaded(code)?.getConnections() ?? []) as never;
  }

  /** New settings or overrides apply to open connections at once (read-only flag included). */
  async refreshAccess(code: string, settings: RoomSettings) {
    const doc = this.loaded(code);
    if (!doc) return;
    syncSettings(doc, settings);
    for (const conn of this.connections(code)) {
      const ctx = conn.context;
      if (!ctx.role || !ctx.memberId) continue;
      const member = await this.deps.db.roomMember.findUnique({ where: { id: ctx.memberId }, select: { permissions: true } });
      ctx.permissions = permissionsFor(ctx.role, settings, overridesFrom(member?.permissions));
      sendAccess(conn as never, ctx);
    }
  }

  /** Disconnects everyone from a deleted room and drops its document without storing it. */
  closeRoom(code: string, roomId: string) {
    this.persistence.deleted.add(roomId);
    const doc = this.loaded(code);
    if (!doc) return;
    for (const conn of doc.getConnections()) {
      (conn.context as RoomContext).socket?.close(CloseCode.roomDeleted, CloseReason[CloseCode.roomDeleted]);
      conn.close({ code: CloseCode.roomDeleted, reason: CloseReason[CloseCode.roomDeleted] });
    }
  }
}

export { SERVER_ORIGIN };

const bundles = new WeakMap<Hocuspocus, RoomSync>();
/** The rooms bundle of this server (one per Hocuspocus instance). */
export function roomSync(deps: Deps): RoomSync {
  let b = bundles.get(deps.hocuspocus);
  if (!b) bundles.set(deps.hocuspocus, (b = new RoomSync(deps)));
  return b;
}
