// The rooms feature's Hocuspocus side as one bundle per server: the extensions (one per concern) and the
// operations REST needs on live documents (apply a playback request, refresh permissions, remove a member,
// close a room). What changes who may do what reaches the room's connections on every node: the node that
// took the call tells the others over the room's Redis channel (server/sync/redis.ts).
import type { Connection, Document, Hocuspocus } from '@hocuspocus/server';
import { CloseCode } from '../../shared/errors.ts';
import { roomDocName, type RoomSettings } from '../../shared/room/doc.ts';
import { permissionsFor } from '../../shared/room/permissions.ts';
import type { ServerMessage } from '../../shared/room/protocol.ts';
import { RoomChat } from '../chat/extension.ts';
import type { Deps } from '../deps.ts';
import type { StatelessRelay } from '../sync/redis.ts';
import { overridesFrom, settingsFrom } from './access.ts';
import { CloseReason, RoomAuth, sendAccess, type RoomContext } from './auth-extension.ts';
import { RoomPersistence, SERVER_ORIGIN, syncSettings } from './persistence.ts';
import { PlayableCheck } from './playable-check.ts';
import { PlaybackAuthority } from './playback-authority.ts';
import { UpdateGuard } from './update-guard.ts';

/** Between nodes only (never sent to a client): the room's settings or a member's overrides changed. */
const ACCESS_CHANGED = 'server:access-changed';
/** writeDoc: the node that took the change has not loaded the room, so the ones that have write the settings. */
type AccessChanged = { type: typeof ACCESS_CHANGED; settings: RoomSettings; writeDoc: boolean };

function closeWith(conn: Connection, code: number) {
  (conn.context as RoomContext).socket?.close(code, CloseReason[code]);
  conn.close({ code, reason: CloseReason[code] });
}

export class RoomSync {
  readonly auth: RoomAuth;
  readonly guard: UpdateGuard;
  readonly persistence: RoomPersistence;
  readonly playback: PlaybackAuthority;
  readonly playable: PlayableCheck;
  readonly chat: RoomChat;
  private hocuspocus: Hocuspocus;
  /** The other nodes, when there are any (REDIS_URL). */
  private relay?: StatelessRelay;

  constructor(private deps: Deps) {
    this.hocuspocus = deps.hocuspocus;
    this.auth = new RoomAuth(deps);
    this.guard = new UpdateGuard(deps.log);
    this.persistence = new RoomPersistence(deps);
    this.playback = new PlaybackAuthority(deps);
    this.playable = new PlayableCheck(deps);
    this.chat = new RoomChat(deps);
  }

  get extensions() {
    return [this.auth, this.guard, this.persistence, this.playback, this.playable, this.chat];
  }

  /** Joins the nodes: what one node changes about a room's members reaches the room's sockets on the others. */
  useRelay(relay: StatelessRelay) {
    this.relay = relay;
    relay.onPeerStateless((doc, payload) => this.fromPeer(doc, payload));
    this.playback.othersHold = (name) => relay.othersHold(name);
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

  /** New settings or overrides apply at once to the room's open connections, on every node. */
  async refreshAccess(code: string, settings: RoomSettings) {
    const doc = this.loaded(code);
    this.relay?.publishStateless(roomDocName(code), JSON.stringify({ type: ACCESS_CHANGED, settings, writeDoc: !doc } satisfies AccessChanged));
    if (!doc) return;
    syncSettings(doc, settings);
    await this.refreshConnections(doc, settings);
  }

  /** Each connection's permissions again from the member's overrides (one read for the room), told to its client. */
  private async refreshConnections(doc: Document, settings: RoomSettings) {
    const conns = doc.getConnections().filter((c) => (c.context as RoomContext).role && (c.context as RoomContext).memberId);
    if (!conns.length) return;
    const ids = [...new Set(conns.map((c) => (c.context as RoomContext).memberId!))];
    const rows = await this.deps.db.roomMember.findMany({ where: { id: { in: ids } }, select: { id: true, permissions: true } });
    const overrides = new Map(rows.map((r) => [r.id, overridesFrom(r.permissions)]));
    for (const conn of conns) {
      const ctx = conn.context as RoomContext;
      ctx.permissions = permissionsFor(ctx.role!, settings, overrides.get(ctx.memberId!));
      sendAccess(conn, ctx);
    }
  }

  /**
   * The host removed a member: everyone in the room hears `member-removed`, and the member's sockets close
   * with CloseCode.removed, on this node and (over Redis) on the others.
   */
  removeMember(code: string, memberId: string) {
    const payload = JSON.stringify({ type: 'member-removed', memberId } satisfies ServerMessage);
    this.relay?.publishStateless(roomDocName(code), payload);
    const doc = this.loaded(code);
    if (!doc) return;
    doc.relayStateless(payload);
    this.closeMember(doc, memberId);
  }

  private closeMember(doc: Document, memberId: string) {
    for (const conn of doc.getConnections()) if ((conn.context as RoomContext).memberId === memberId) closeWith(conn, CloseCode.removed);
  }

  /** Another node's stateless broadcast for a room loaded here. True: dealt with here (see PeerStatelessListener). */
  private fromPeer(doc: Document, payload: string): boolean {
    let msg: ServerMessage | AccessChanged;
    try {
      msg = JSON.parse(payload);
    } catch {
      return false;
    }
    if (typeof msg !== 'object' || msg === null) return false;
    if (msg.type === 'member-removed') {
      // The member's own sockets hear why before they close, as on the node that took the removal.
      doc.relayStateless(payload);
      this.closeMember(doc, msg.memberId);
      return true;
    }
    if (msg.type !== ACCESS_CHANGED) return false;
    const settings = settingsFrom(msg.settings);
    if (msg.writeDoc) syncSettings(doc, settings);
    this.refreshConnections(doc, settings).catch((err) => this.deps.log.warn({ room: doc.name, err: String(err) }, 'permissions could not be refreshed'));
    return true;
  }

  /** Disconnects everyone from a deleted room and drops its document without storing it. */
  closeRoom(code: string, roomId: string) {
    this.persistence.deleted.add(roomId);
    const doc = this.loaded(code);
    if (!doc) return;
    for (const conn of doc.getConnections()) closeWith(conn, CloseCode.roomDeleted);
  }

  /**
   * Who is online in the room: the members with a socket on this node, and (when the room is loaded here)
   * those whose presence another node relays. Ids as in presence: the user's id, or a guest's member id.
   */
  online(code: string): Set<string> {
    const ids = new Set<string>();
    const doc = this.loaded(code);
    if (!doc) return ids;
    for (const conn of doc.getConnections()) {
      const id = (conn.context as RoomContext).actor?.id;
      if (id) ids.add(id);
    }
    for (const state of doc.awareness.getStates().values()) {
      const id = (state.user as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') ids.add(id);
    }
    return ids;
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
