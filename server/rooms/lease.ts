// Which node runs a room's timed playback transitions (the end-of-track advance): the holder of a Redis lease
// that expires unless renewed, so when the holder dies another node with the room loaded takes over within
// LEASE_MS. Without Redis there is one node, and it always holds every lease.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export const LEASE_MS = 5000;

// Take the lease when free, or extend it when it is already ours.
const ACQUIRE = `local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class RoomLeases {
  readonly nodeId = randomUUID();
  private held = new Set<string>();
  private renewal: NodeJS.Timeout;

  constructor(private redis: Redis | undefined, private ttlMs = LEASE_MS) {
    this.renewal = setInterval(() => void this.renewAll(), Math.floor(ttlMs / 3));
    this.renewal.unref();
  }

  private key = (room: string) => `room-lease:${room}`;

  /**
   * True when this node may run the room's timed transitions now. With Redis unreachable the node is on its
   * own (nothing crosses nodes either), so it keeps its rooms playing rather than stopping them.
   */
  async acquire(room: string): Promise<boolean> {
    if (!this.redis) return true;
    if (this.redis.status !== 'ready') return true;
    try {
      const won = (await this.redis.eval(ACQUIRE, 1, this.key(room), this.nodeId, this.ttlMs)) === 1;
      if (won) this.held.add(room);
      else this.held.delete(room);
      return won;
    } catch {
      return true;
    }
  }

  holds(room: string) {
    return !this.redis || this.held.has(room);
  }

  /** The room left this node: let another node take it at once. */
  release(room: string) {
    if (!this.held.delete(room) || this.redis?.status !== 'ready') return;
    this.redis.eval(RELEASE, 1, this.key(room), this.nodeId).catch(() => undefined);
  }

  private async renewAll() {
    if (this.redis?.status !== 'ready') return;
    for (const room of this.held) await this.acquire(room);
  }

  close() {
    clearInterval(this.renewal);
    for (const room of [...this.held]) this.release(room);
  }
}
