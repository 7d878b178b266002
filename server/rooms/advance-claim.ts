// Exactly-once advances between nodes. Every node with a room loaded sees its track end (or its skip votes
// reach the threshold); the one whose conditional update of Room.lastAdvanceKey lands advances, the others
// wait for that advance to reach them. PostgreSQL is the arbiter because it is the one piece every node
// shares that is there when Redis is not: the Redis lease alone answers "yes" to every node during an outage.
import type { Db } from '../db/client.ts';
import { isDbUnavailable } from '../db/unavailable.ts';
import type { Logger } from '../log.ts';

/** won: advance now. lost: another node advances this turn. unavailable: nobody knows yet, try again later. */
export type ClaimResult = 'won' | 'lost' | 'unavailable';

const CLAIM_TIMEOUT_MS = 3000;

export class AdvanceClaims {
  /** One warning per outage, not one per room and retry. */
  private warned = false;
  /**
   * @param shared whether other nodes may hold the room too (REDIS_URL set); a single node needs no claim.
   * @param nodeId stored with the key, so a claim of ours that landed after we gave up on it is still ours.
   */
  constructor(private db: Db, private shared: boolean, private nodeId: string, private log: Logger) {}

  /** Claims the advance off `entryId` in the turn `turn` (see readPlaybackTurn) of the room `code`. */
  async claim(code: string, entryId: string, turn: string): Promise<ClaimResult> {
    if (!this.shared) return 'won';
    const key = `${entryId}:${turn}`;
    const mine = `${key}@${this.nodeId}`;
    try {
      return await withTimeout((async () => {
        // Only the key's first part is compared: whoever stored it, this track end is taken.
        const count = await this.db.$executeRaw`UPDATE "Room" SET "lastAdvanceKey" = ${mine}
          WHERE code = ${code} AND ("lastAdvanceKey" IS NULL OR split_part("lastAdvanceKey", '@', 1) <> ${key})`;
        this.warned = false;
        if (count === 1) return 'won';
        const row = await this.db.room.findUnique({ where: { code }, select: { lastAdvanceKey: true } });
        return row?.lastAdvanceKey === mine ? 'won' : 'lost';
      })(), CLAIM_TIMEOUT_MS);
    } catch (err) {
      // Unreachable or slow: not advancing (a later retry) is better than risking a second advance.
      if (!this.warned) {
        this.warned = true;
        const why = isDbUnavailable(err) ? 'database unreachable' : String(err);
        this.log.warn({ room: code, why }, 'advance claim failed: not advancing until it can be claimed');
      }
      return 'unavailable';
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('connection timeout')), ms); }),
  ]).finally(() => clearTimeout(timer));
}
