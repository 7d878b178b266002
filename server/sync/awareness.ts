// Presence, coalesced per room. Hocuspocus sends every awareness change to every connection of the room as
// it comes (one message per change per listener: O(n²) messages a second in a room where everyone moves a
// cursor). Here each room collects the clients whose state changed and, once per tick, sends one awareness
// update with their latest states to its connections and to the other nodes; a state equal to the one last
// sent goes out again only as a keep-alive (clients drop a peer's presence after 30 s without news).
import { Document, type afterLoadDocumentPayload, type afterUnloadDocumentPayload, type Extension } from '@hocuspocus/server';

export const AWARENESS_TICK_MS = 100;
/** Clients renew an unchanged state every 15 s and forget one after 30 s: pass a renewal on past this. */
export const KEEPALIVE_MS = 10_000;

type Change = { added: number[]; updated: number[]; removed: number[] };
type Sent = { json: string; atMs: number };
type Room = {
  document: Document;
  /** Changed since the last tick: for this node's connections. */
  changed: Set<number>;
  /** Of those, the ones changed here (not relayed from another node): for the other nodes too. */
  local: Set<number>;
  sent: Map<number, Sent>;
  timer: NodeJS.Timeout | null;
};

/** Where a room's coalesced local changes go beyond this node (the Redis relay). */
export type AwarenessRelay = { publishAwareness(document: Document, clients: number[]): void };

/** Document's (private) per-change broadcast, replaced per room by the tick. */
type Broadcasting = { broadcastAwarenessUpdate: (clients: number[]) => void };
const broadcastNow = (Document.prototype as unknown as Broadcasting).broadcastAwarenessUpdate;
const fromPeer = (origin: unknown) => (origin as { source?: string } | null)?.source === 'redis';

export class AwarenessBatch implements Extension {
  extensionName = 'jamroom-awareness-batch';
  private rooms = new Map<string, Room>();

  constructor(private relay?: AwarenessRelay, private tickMs = AWARENESS_TICK_MS, private now = () => Date.now()) {}

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload) {
    const room: Room = { document, changed: new Set(), local: new Set(), sent: new Map(), timer: null };
    this.rooms.set(documentName, room);
    // Document still tracks which connection owns which client ids (so a closing socket removes its
    // presence); only its per-change broadcast is replaced by the tick.
    (document as unknown as Broadcasting).broadcastAwarenessUpdate = () => undefined;
    document.awareness.on('update', ({ added, updated, removed }: Change, origin: unknown) => {
      const peer = fromPeer(origin);
      for (const list of [added, updated, removed]) {
        for (const id of list) {
          room.changed.add(id);
          if (!peer) room.local.add(id);
        }
      }
      room.timer ??= setTimeout(() => this.flush(room), this.tickMs);
    });
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload) {
    const room = this.rooms.get(documentName);
    // A room loaded again under the same name before this hook ran keeps its new entry.
    if (!room || !room.document.isDestroyed) return;
    if (room.timer) clearTimeout(room.timer);
    this.rooms.delete(documentName);
  }

  async onDestroy() {
    for (const room of this.rooms.values()) if (room.timer) clearTimeout(room.timer);
    this.rooms.clear();
  }

  /** Sends what changed in the room since the last tick; unchanged states only as a keep-alive. */
  flush(room: Room) {
    room.timer = null;
    const { document } = room;
    if (document.isDestroyed) return;
    const states = document.awareness.getStates();
    const now = this.now();
    const out: number[] = [];
    for (const id of room.changed) {
      const state = states.get(id);
      if (state === undefined) {
        room.sent.delete(id);
        out.push(id);
        continue;
      }
      const json = JSON.stringify(state);
      const last = room.sent.get(id);
      if (last && last.json === json && now - last.atMs < KEEPALIVE_MS) continue;
      room.sent.set(id, { json, atMs: now });
      out.push(id);
    }
    const local = out.filter((id) => room.local.has(id));
    room.changed.clear();
    room.local.clear();
    if (!out.length) return;
    if (document.connections.size) {
      // Hocuspocus's own broadcast (one encode for every connection of the room), for the coalesced set.
      broadcastNow.call(document, out);
    }
    if (local.length) this.relay?.publishAwareness(document, local);
  }
}
