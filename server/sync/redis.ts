// Several nodes, one room: @hocuspocus/extension-redis relays every update and awareness change of a loaded
// document between nodes over Redis pub/sub, and a Redis lock keeps two nodes from storing one room at once.
//
// The relay of edits is our own. The extension publishes a SyncStep1 (a state vector) per change; each peer
// answers with its own, the first node answers that with the update: three Redis hops and two
// encodeStateAsUpdate diffs (O(document)) per edit, which put the two-node tail at 10× the one-node one.
// Here a node publishes the update itself (the changes of one event-loop turn merged), one hop, and only for
// rooms another node has loaded: a node announces a room it loads (SyncStep1, answered by every node that
// has it), so each side learns of the other before it could miss anything, and a lone node publishes
// nothing per edit (each publish is a socket write that blocks the event loop). A peer that
// missed a message (Redis restarting) cannot apply what depends on it: that part is dropped at once (the
// update guard must never find foreign pending structs in a room) and the full difference asked for with a
// SyncStep1, the extension's own catch-up. Presence is published by the room's awareness tick (awareness.ts),
// never echoed back, and applied here as it is: the extension's path re-encodes it through a scratch
// Awareness, which loses removals (a client gone from one node stayed on the others for 30 s). A stateless
// broadcast from a peer is shown to the rooms feature before this node's clients get it (a member removed
// on one node has their sockets closed on every node), and may be meant for the servers alone.
import { Redis as RedisExtension } from '@hocuspocus/extension-redis';
import { IncomingMessage, MessageType, OutgoingMessage, type afterUnloadDocumentPayload, type Document, type onAwarenessUpdatePayload, type onChangePayload, type onStoreDocumentPayload } from '@hocuspocus/server';
import { Redis } from 'ioredis';
import { applyAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';

/** How long a node may hold a room's store lock; a store that takes longer (database down) stops holding it. */
const STORE_LOCK_MS = 2000;
const LOCK_WAIT_MS = 4000;
/**
 * Reconnect attempts while Redis is away. A fixed short interval: a growing backoff (it was 200 ms doubling
 * to 2 s) left the nodes up to 2 s apart in noticing Redis came back, and edits cross only once both have.
 * A refused connect to a down Redis costs next to nothing.
 */
const RECONNECT_MS = 100;
/** A resync published before the peers resubscribed is lost: announce again once they surely have. */
const RESYNC_AGAIN_MS = [250, 750];
/** y-protocols' sync message types. */
const SYNC_UPDATE = 2;

/** The extension's private helpers this subclass uses. */
type Internals = {
  schedulePublish: (name: string, doc: Document) => { syncStepPending: boolean };
  pubKey: (name: string) => string;
  encodeMessage: (message: Uint8Array) => Buffer;
  decodeMessage: (data: Buffer) => [string, Buffer];
  documents: Map<string, Document>;
  handleIncomingMessage: (channel: Buffer, data: Buffer) => Promise<void>;
  syncInitialStateFromPeers: (name: string, doc: Document) => Promise<void>;
  hasOtherSubscribers: (name: string) => Promise<boolean>;
  publishFirstSyncStep: (name: string, doc: Document) => Promise<unknown>;
  requestAwarenessFromOtherInstances: (name: string) => Promise<unknown>;
  pendingInitialSyncResolves: Map<string, () => void>;
};
type Outgoing = { updates: Uint8Array[] };

/**
 * Hears a peer's stateless broadcast for a room loaded here, before this node's clients do. True: the
 * listener dealt with it (it was for the servers only, or the listener relayed it itself) and it goes no further.
 */
export type PeerStatelessListener = (document: Document, payload: string) => boolean;
/** Room-wide stateless messages between nodes (what the rooms feature uses of the relay). */
export type StatelessRelay = {
  publishStateless(documentName: string, payload: string): void;
  onPeerStateless(listener: PeerStatelessListener): void;
  /** Whether another node holds the room now (is subscribed to its channel). Rejects while Redis is away. */
  othersHold(documentName: string): Promise<boolean>;
};

/**
 * The extension's store hook, made safe for our stores: it skips a store when another node holds the lock,
 * and a skipped last store before an unload would leave this node's edits to the other node's snapshot.
 * Stores write the whole state (idempotent), so here a node waits for the lock instead, and stores without
 * it when Redis is down rather than not at all.
 */
export class RoomRedis extends RedisExtension implements StatelessRelay {
  /** Updates made on this node in the current event-loop turn, per room: published merged, once. */
  private outgoing = new Map<string, Outgoing>();
  /** Rooms another node has loaded too (it spoke about them since we loaded them): the ones to publish for. */
  private shared = new Set<string>();
  /** Relay messages received and published (for the benches' capacity figures). */
  readonly stats = { published: 0, publishedBytes: 0, received: 0, resyncs: 0 };
  private peerStateless: PeerStatelessListener[] = [];

  constructor(config: ConstructorParameters<typeof RedisExtension>[0], private log: Logger) {
    super(config);
    const self = this as unknown as Internals;
    const base = self.handleIncomingMessage;
    this.sub.off('messageBuffer', base);
    self.syncInitialStateFromPeers = (name, doc) => this.syncFromPeers(name, doc);
    this.sub.on('messageBuffer', (channel: Buffer, data: Buffer) => {
      this.stats.received++;
      if (!this.receiveUpdate(data)) void base(channel, data).catch((err) => this.log.warn({ err: String(err) }, 'a relay message could not be handled'));
    });
    // After a Redis restart, what nodes published while the other side was not yet resubscribed is gone:
    // announce every loaded room's state again so peers exchange whatever they missed.
    let connectedBefore = false;
    this.sub.on('ready', () => {
      if (connectedBefore) {
        this.resyncAll();
        for (const ms of RESYNC_AGAIN_MS) setTimeout(() => { if (this.sub.status === 'ready') this.resyncAll(false); }, ms).unref();
      }
      connectedBefore = true;
    });
  }

  /**
   * Loading a room another node holds: announce our state and wait (at most awaitInitialSyncTimeout) for a
   * peer's answer; a room no other node holds costs one PUBSUB NUMSUB and no publish. The extension registers its waiter only after its own publishes are acknowledged, and a
   * peer's answer often arrives before that: it was dropped and the load waited out the whole second (the
   * two-node connect p99 was 1.2 s). Here the waiter is in place before anything is published.
   */
  private async syncFromPeers(name: string, doc: Document) {
    const self = this as unknown as Internals;
    const timeout = this.configuration.awaitInitialSyncTimeout;
    // Alone with the room (we subscribed before asking): nobody to announce to. A node loading it later
    // finds us subscribed and announces itself; we answer, so both catch up.
    if (!(await self.hasOtherSubscribers(name))) return;
    const answered = timeout > 0
      ? new Promise<void>((resolve) => {
        const done = () => { clearTimeout(timer); self.pendingInitialSyncResolves.delete(name); resolve(); };
        const timer = setTimeout(done, timeout);
        self.pendingInitialSyncResolves.set(name, done);
      })
      : undefined;
    await Promise.all([self.publishFirstSyncStep(name, doc), self.requestAwarenessFromOtherInstances(name)]);
    await answered;
  }

  othersHold(documentName: string): Promise<boolean> {
    return (this as unknown as Internals).hasOtherSubscribers(documentName);
  }

  /** A SyncStep1 per loaded room: a peer answers with what we lack and its own SyncStep1, so both catch up. */
  private resyncAll(report = true) {
    const self = this as unknown as Internals;
    for (const [name, doc] of this.instance?.documents ?? []) self.schedulePublish(name, doc).syncStepPending = true;
    if (report) this.log.info({ rooms: this.instance?.documents.size ?? 0 }, 'Redis is back: rooms resynced across nodes');
  }

  /** Collects this node's updates of the turn (not those that came from a peer); one publish per room. */
  override async onChange({ documentName, update, transactionOrigin }: onChangePayload) {
    if ((transactionOrigin as { source?: string } | undefined)?.source === 'redis' || !this.shared.has(documentName)) return;
    let out = this.outgoing.get(documentName);
    if (!out) {
      const pending: Outgoing = (out = { updates: [] });
      this.outgoing.set(documentName, pending);
      setImmediate(() => {
        if (this.outgoing.get(documentName) === pending) this.outgoing.delete(documentName);
        this.publishUpdate(documentName, pending.updates.length === 1 ? pending.updates[0] : Y.mergeUpdates(pending.updates));
      });
    }
    out.updates.push(update);
  }

  private publishUpdate(documentName: string, update: Uint8Array) {
    const self = this as unknown as Internals;
    const message = self.encodeMessage(new OutgoingMessage(documentName).createSyncMessage().writeUpdate(update).toUint8Array());
    this.stats.published++;
    this.stats.publishedBytes += message.byteLength;
    this.pub.publish(self.pubKey(documentName), message).catch(() => undefined); // Redis away: the resync on its return covers it
  }

  /** Presence: awareness.ts publishes each room's coalesced local changes once per tick. */
  override async onAwarenessUpdate(_payload: onAwarenessUpdatePayload) {}

  publishAwareness(document: Document, clients: number[]) {
    if (!this.shared.has(document.name)) return;
    const self = this as unknown as Internals;
    const message = self.encodeMessage(new OutgoingMessage(document.name).createAwarenessUpdateMessage(document.awareness, clients).toUint8Array());
    this.stats.published++;
    this.stats.publishedBytes += message.byteLength;
    this.pub.publish(self.pubKey(document.name), message).catch(() => undefined);
  }

  /**
   * A stateless payload for the room's connections on the other nodes (or, see PeerStatelessListener, for
   * the other nodes themselves), whether or not the room is loaded here; this node's clients are the
   * caller's business. Document.broadcastStateless does both for a loaded room.
   */
  publishStateless(documentName: string, payload: string) {
    const self = this as unknown as Internals;
    const message = self.encodeMessage(new OutgoingMessage(documentName).writeBroadcastStateless(payload).toUint8Array());
    this.stats.published++;
    this.stats.publishedBytes += message.byteLength;
    this.pub.publish(self.pubKey(documentName), message).catch(() => undefined);
  }

  onPeerStateless(listener: PeerStatelessListener) {
    this.peerStateless.push(listener);
  }

  /** A peer's stateless broadcast: the listeners see it first, then (unless one dealt with it) this node's clients. */
  private receiveStateless(document: Document, payload: string) {
    let handled = false;
    for (const listener of this.peerStateless) {
      try {
        handled = listener(document, payload) || handled;
      } catch (err) {
        this.log.warn({ room: document.name, err: String(err) }, 'a relayed stateless message could not be handled');
      }
    }
    if (!handled) document.relayStateless(payload);
  }

  /**
   * A peer's update (see publishUpdate), presence or stateless broadcast, applied here; anything else (the
   * catch-up's sync steps, presence queries) goes to the extension's handler. True when it was handled here.
   */
  private receiveUpdate(data: Buffer): boolean {
    const self = this as unknown as Internals;
    const [identifier, body] = self.decodeMessage(data);
    if (identifier === this.configuration.identifier) return true; // our own publish
    let documentName: string;
    let update: Uint8Array;
    try {
      const message = new IncomingMessage(body);
      documentName = message.readVarString();
      if (this.instance?.documents.has(documentName) || self.documents.has(documentName)) this.shared.add(documentName);
      const type = message.readVarUint();
      if (type === MessageType.Awareness) {
        const document = this.instance?.documents.get(documentName) ?? self.documents.get(documentName);
        // Named on the node the client is on (auth-extension.ts); the origin keeps it from going back out.
        if (document) applyAwarenessUpdate(document.awareness, message.readVarUint8Array(), this.redisTransactionOrigin);
        return true;
      }
      if (type === MessageType.BroadcastStateless) {
        const document = this.instance?.documents.get(documentName) ?? self.documents.get(documentName);
        if (document) this.receiveStateless(document, message.readVarString());
        return true;
      }
      if (type !== MessageType.Sync || message.readVarUint() !== SYNC_UPDATE) return false;
      update = message.readVarUint8Array();
    } catch {
      return false;
    }
    const document = this.instance?.documents.get(documentName) ?? self.documents.get(documentName);
    if (!document) return true;
    try {
      Y.applyUpdate(document, update, this.redisTransactionOrigin);
    } catch (err) {
      this.log.warn({ room: documentName, err: String(err) }, 'a relayed update could not be applied: asking peers for the room');
    }
    const store = document.store;
    if (store.pendingStructs || store.pendingDs) {
      // Depends on a message this node missed: drop the waiting part, ask for the whole difference.
      store.pendingStructs = null;
      store.pendingDs = null;
      this.stats.resyncs++;
      self.schedulePublish(documentName, document).syncStepPending = true;
    }
    return true;
  }

  override async afterUnloadDocument(data: afterUnloadDocumentPayload) {
    if (!data.instance.documents.has(data.documentName)) this.shared.delete(data.documentName);
    return super.afterUnloadDocument(data);
  }

  override async onStoreDocument({ documentName }: onStoreDocumentPayload) {
    const resource = `${this.configuration.prefix}:${documentName}:lock`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      if (this.pub.status !== 'ready') return; // no lock to take: store anyway, nothing is lost
      try {
        const lock = await Promise.race([
          this.redlock.acquire([resource], this.configuration.lockTimeout),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('lock timeout')), 1000).unref()),
        ]);
        const old = this.locks.get(resource);
        if (old?.release) await old.release.catch(() => undefined);
        this.locks.set(resource, { lock });
        return;
      } catch {
        if (Date.now() > deadline) {
          this.log.warn({ room: documentName }, 'store lock still held by another node: storing anyway');
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}

function client(url: string) {
  // Publishes made while Redis restarts are queued (offline queue) and sent once it is back.
  return new Redis(url, { retryStrategy: () => RECONNECT_MS, maxRetriesPerRequest: null });
}

/** The cross-node relay, or undefined on a single node (no REDIS_URL). */
export function createSyncRedis(config: Config, log: Logger): RoomRedis | undefined {
  const url = config.redisUrl;
  if (!url) return undefined;
  const ext = new RoomRedis({
    createClient: () => {
      const c = client(url);
      c.on('error', () => undefined); // the cache connection already reports Redis outages
      return c as never;
    },
    prefix: `${config.redisKeyPrefix}hocuspocus`,
    lockTimeout: STORE_LOCK_MS,
  }, log);
  return ext;
}
