// Several nodes, one room: @hocuspocus/extension-redis relays every update and awareness change of a loaded
// document between nodes over Redis pub/sub, and a Redis lock keeps two nodes from storing one room at once.
import { Redis as RedisExtension } from '@hocuspocus/extension-redis';
import type { onStoreDocumentPayload } from '@hocuspocus/server';
import { Redis } from 'ioredis';
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

/**
 * The extension's store hook, made safe for our stores: it skips a store when another node holds the lock,
 * and a skipped last store before an unload would leave this node's edits to the other node's snapshot.
 * Stores write the whole state (idempotent), so here a node waits for the lock instead, and stores without
 * it when Redis is down rather than not at all.
 */
class RoomRedis extends RedisExtension {
  constructor(config: ConstructorParameters<typeof RedisExtension>[0], private log: Logger) {
    super(config);
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

  /** A SyncStep1 per loaded room: a peer answers with what we lack and its own SyncStep1, so both catch up. */
  private resyncAll(report = true) {
    const self = this as unknown as { schedulePublish: (name: string, doc: unknown) => { syncStepPending: boolean } };
    for (const [name, doc] of this.instance?.documents ?? []) self.schedulePublish(name, doc).syncStepPending = true;
    if (report) this.log.info({ rooms: this.instance?.documents.size ?? 0 }, 'Redis is back: rooms resynced across nodes');
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
export function createSyncRedis(config: Config, log: Logger): RedisExtension | undefined {
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
