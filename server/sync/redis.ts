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
      if (connectedBefore) this.resyncAll();
      connectedBefore = true;
    });
  }

  private resyncAll() {
    const self = this as unknown as { schedulePublish: (name: string, doc: unknown) => { syncStepPending: boolean } };
    for (const [name, doc] of this.instance?.documents ?? []) self.schedulePublish(name, doc).syncStepPending = true;
    this.log.info({ rooms: this.instance?.documents.size ?? 0 }, 'Redis is back: rooms resynced across nodes');
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
  return new Redis(url, { retryStrategy: (times) => Math.min(times * 200, 2000), maxRetriesPerRequest: null });
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
