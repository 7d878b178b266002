// Who a skip vote counts as. A signed-in member votes as their account; guests vote as their network, so
// several guests joined from one address (sock puppets) are one vote together. The room document is read
// by every member, so a network is recorded there only as a keyed hash.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import type { Config } from '../config.ts';
import { clientNetwork } from '../http/network.ts';

export type VoterKey = (roomName: string, actor: Actor, ip: string | undefined) => string;

/**
 * The hash key: every node must compute the same one (a guest reaching two nodes still votes once), and no
 * client may learn it (IPv4 space is small enough to hash through). VOTE_SECRET when set; else
 * DATABASE_URL, which every node of a deployment shares, holds the database's credentials and never
 * leaves the server; else (embedded PostgreSQL, so a single node) a random key of this process.
 */
export function voteHashKey(config: Pick<Config, 'voteSecret' | 'databaseUrl'>): Buffer {
  const material = config.voteSecret ?? config.databaseUrl;
  return material ? createHash('sha256').update(`jamroom skip votes\0${material}`).digest() : randomBytes(32);
}

/**
 * The key a voter's vote is kept under in the `votes` root: `user:<id>`, or `net:<hash>` of the guest's
 * network within this room (so the same network gives unrelated keys in two rooms).
 */
export function voterKeys(config: Pick<Config, 'voteSecret' | 'databaseUrl'>): VoterKey {
  const key = voteHashKey(config);
  return (roomName, actor, ip) => {
    if (actor.kind === 'user') return `user:${actor.id}`;
    const hash = createHmac('sha256', key).update(JSON.stringify([roomName, clientNetwork(ip)])).digest('base64url');
    return `net:${hash.slice(0, 22)}`;
  };
}
