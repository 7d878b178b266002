// The room's clock and playback authority: requests (stateless messages or REST) are applied here with the
// server's time; one timer per loaded, playing room advances exactly once when the track ends. Skip votes
// live in the document (root `votes`), so every node counts the same votes; either advance is claimed in
// PostgreSQL (advance-claim.ts) so two nodes never advance one track end twice, also while Redis is down.
import type {
  afterLoadDocumentPayload, beforeUnloadDocumentPayload, connectedPayload, Document, Extension, onChangePayload, onDisconnectPayload, onStatelessPayload,
} from '@hocuspocus/server';
import * as Y from 'yjs';
import {
  RADIO, readEntry, readHistory, readPlayback, readPlaybackTurn, readQueue, readSettings, readVotes, roomCodeFromDocName, votesMap,
} from '../../shared/room/doc.ts';
import { addTracks } from '../../shared/room/mutations.ts';
import { advance, castVote, endsAtMs, jump, pause, play, previous, pruneVotes, repairPlayback, seek, skipUnplayable, UNATTENDED } from '../../shared/room/playback.ts';
import { ClientMessageSchema, type PlaybackCommand, type ServerMessage } from '../../shared/room/protocol.ts';
import type { Deps } from '../deps.ts';
import type { RoomContext } from './auth-extension.ts';
import { AdvanceClaims } from './advance-claim.ts';
import { RoomLeases } from './lease.ts';
import { SERVER_ORIGIN } from './persistence.ts';
import { voterKeys, type VoterKey } from './voters.ts';

const AUTOPLAY_BATCH = 5;
/** How often a node without the room's lease (or without an answer to its claim) checks again. */
const RETRY_MS = 1000;
/** A track-end advance this soon after the end starts the next track at the end itself (gapless). */
const GAPLESS_WITHIN_MS = 1000;
/** What a guest is told when a vote from their network already counts (several guests there are one voter). */
const SAME_NETWORK_VOTED = 'Your skip vote is in: guests on one network count as one vote together';
const send = (connection: { sendStateless: (s: string) => void }, msg: ServerMessage) => connection.sendStateless(JSON.stringify(msg));

export class PlaybackAuthority implements Extension {
  extensionName = 'jamroom-playback';
  private timers = new Map<string, { atMs: number; entryId: string; timer: NodeJS.Timeout }>();
  /** Per room: the track end (claim key) another node won; this node waits for its advance to arrive. */
  private lost = new Map<string, string>();
  /** Per room: the vote count last sent to this node's clients, and whether a vote skip is being claimed. */
  private shownVotes = new Map<string, string>();
  private voteSkips = new Set<string>();
  private toppingUp = new Set<string>();
  /** Rooms that had a listener on this node since it loaded them (a REST-only load is nobody's listening). */
  private listened = new Set<string>();
  private voterKey: VoterKey;
  readonly leases: RoomLeases;
  private claims: AdvanceClaims;
  /** Whether another node holds the room (set when there are other nodes; alone, nobody does). */
  othersHold: (documentName: string) => Promise<boolean> = async () => false;
  constructor(private deps: Deps) {
    this.leases = new RoomLeases(deps.redis);
    this.voterKey = voterKeys(deps.config);
    this.claims = new AdvanceClaims(deps.db, !!deps.redis, this.leases.nodeId, deps.log);
  }

  /**
   * The unattended-room rule: when a playing room's last listener leaves, it pauses where it is, and the
   * store that follows keeps that. Whoever comes back finds it paused at that moment and carries on with
   * play; a room does not play on to nobody. Nobody listens when this node has no socket in the room and
   * either no other node holds it or nobody is present (presence is relayed between nodes; every client
   * shows it). Checked when a listener leaves and again as this node unloads a room it had listeners in
   * (another node may have been letting go of it a moment before). With Redis away the other nodes cannot
   * be asked and their presence goes stale: the room is left playing.
   */
  async onDisconnect({ document, clientsCount, socketId }: onDisconnectPayload) {
    // socketId 'server': a REST call's direct connection, not a listener.
    if (clientsCount === 0 && socketId !== 'server') await this.pauseIfUnattended(document);
  }

  async connected({ documentName }: connectedPayload) {
    this.listened.add(documentName);
  }

  async beforeUnloadDocument({ document }: beforeUnloadDocumentPayload) {
    if (this.listened.delete(document.name)) await this.pauseIfUnattended(document);
  }

  private async pauseIfUnattended(document: Document) {
    const playing = () => !document.isDestroyed && document.getConnectionsCount() === 0 && readPlayback(document).status === 'playing';
    if (!playing()) return;
    const nobodyElsewhere = document.awareness.getStates().size === 0 || !(await this.othersHold(document.name).catch(() => true));
    if (!nobodyElsewhere || !playing()) return;
    document.transact(() => pause(document, Date.now(), UNATTENDED), SERVER_ORIGIN);
    this.reschedule(document);
  }

  async afterLoadDocument({ document }: afterLoadDocumentPayload) {
    this.skipUnplayable(document);
    this.reschedule(document);
  }

  async onChange({ document, transactionOrigin }: onChangePayload) {
    // A peer node's change (relayed through Redis) was repaired and checked on the node it came in on: doing
    // it again here, possibly on a half-applied update, would move playback on twice.
    const fromPeer = (transactionOrigin as { source?: string } | undefined)?.source === 'redis';
    this.countVotes(document);
    if (fromPeer) return this.reschedule(document);
    this.skipUnplayable(document);
    if (transactionOrigin === SERVER_ORIGIN) return this.reschedule(document);
    // A listener removed the playing entry: move on to the first remaining one.
    let repaired = false;
    const playing = readPlayback(document).entryId;
    // Checked first: a transaction (and its observers) on every change would cost each edit's broadcast.
    if (playing && !readEntry(document, playing)) document.transact(() => { repaired = repairPlayback(document, Date.now(), 'server'); }, SERVER_ORIGIN);
    if (repaired) this.afterAdvance(document);
    this.reschedule(document);
  }

  async afterUnloadDocument({ documentName }: { documentName: string }) {
    const t = this.timers.get(documentName);
    if (t) clearTimeout(t.timer);
    this.timers.delete(documentName);
    this.lost.delete(documentName);
    this.shownVotes.delete(documentName);
    this.leases.release(documentName);
  }

  async onDestroy() {
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
    this.leases.close();
  }

  async onStateless({ connection, document, payload }: onStatelessPayload) {
    let msg;
    try {
      msg = ClientMessageSchema.parse(JSON.parse(payload));
    } catch {
      return send(connection, { type: 'refused', reason: 'unknown message' });
    }
    const ctx = connection.context as RoomContext;
    if (msg.type === 'ping') return send(connection, { type: 'pong', id: msg.id, clientMs: msg.clientMs, serverMs: Date.now() });
    if (msg.type === 'playback') {
      if (!ctx.permissions?.control) return send(connection, { type: 'refused', reason: 'you may not control playback in this room' });
      return this.apply(document, msg.command, ctx.actor?.id ?? 'unknown');
    }
    if (msg.type === 'vote-skip' && ctx.actor) {
      const counted = this.vote(document, msg.entryId, this.voterKey(document.name, ctx.actor, ctx.ip));
      if (counted === false && ctx.actor.kind === 'guest') send(connection, { type: 'note', message: SAME_NETWORK_VOTED });
    }
  }

  /** Applies a playback request with the server's clock. Returns false when it changed nothing. */
  apply(doc: Document, cmd: PlaybackCommand, by: string): boolean {
    const now = Date.now();
    let changed = true;
    let advanced = false;
    doc.transact(() => {
      switch (cmd.action) {
        case 'play': play(doc, now, by); break;
        case 'pause': pause(doc, now, by); break;
        case 'seek': seek(doc, cmd.positionMs ?? 0, now, by); break;
        case 'previous': previous(doc, now, by); break;
        // With an entry id, "next" skips that entry only: many presses at once skip once.
        case 'next': changed = advanced = this.advanceOnce(doc, cmd.entryId ?? readPlayback(doc).entryId, now, by); break;
        case 'jump': changed = advanced = jump(doc, cmd.entryId!, now, by); break;
      }
    }, SERVER_ORIGIN);
    if (advanced) this.afterAdvance(doc);
    this.reschedule(doc);
    return changed;
  }

  private advanceOnce(doc: Document, entryId: string | null, now: number, by: string) {
    if (!entryId) return false;
    return advance(doc, entryId, now, by);
  }

  /**
   * A vote is written into the document (one key per voter: voters.ts), so it reaches every node and
   * outlives this one. False when this voter's vote for the entry was counted already; undefined when no
   * vote is open for it.
   */
  private vote(doc: Document, entryId: string, voter: string): boolean | undefined {
    if (readPlayback(doc).entryId !== entryId || readSettings(doc).skipVotes <= 0) return undefined;
    let cast = false;
    doc.transact(() => { cast = castVote(doc, voter, entryId); }, SERVER_ORIGIN);
    return cast;
  }

  /**
   * Runs after every change, a peer node's included: shows this node's clients the count and skips once
   * it reaches the threshold. Every node may see the threshold at once; the claim lets one of them skip.
   */
  private countVotes(doc: Document) {
    const current = readPlayback(doc).entryId;
    // Votes for an entry no longer playing (e.g. cast on one node while Redis was down and the other moved on).
    if ([...votesMap(doc).values()].some((v) => v !== current)) doc.transact(() => pruneVotes(doc, current), SERVER_ORIGIN);
    const needed = readSettings(doc).skipVotes;
    if (!current || needed <= 0) return;
    const votes = readVotes(doc, current);
    const shown = `${current}:${votes}:${needed}`;
    if (votes > 0 && this.shownVotes.get(doc.name) !== shown) {
      this.shownVotes.set(doc.name, shown);
      // To this node's clients only: the other nodes count the same document and tell theirs.
      const msg = JSON.stringify({ type: 'skip-votes', entryId: current, votes, needed } satisfies ServerMessage);
      for (const c of doc.getConnections()) c.sendStateless(msg);
    }
    if (votes >= needed) void this.skipByVotes(doc, current);
  }

  private async skipByVotes(doc: Document, entryId: string) {
    if (this.voteSkips.has(doc.name)) return;
    this.voteSkips.add(doc.name);
    const result = await this.claimAndAdvance(doc, entryId, 'skip-votes').finally(() => this.voteSkips.delete(doc.name));
    if (result !== 'unavailable') return;
    setTimeout(() => { if (!doc.isDestroyed) this.countVotes(doc); }, RETRY_MS).unref();
  }

  /**
   * Advances off `entryId` in the current turn at most once room-wide. 'stale' when the room moved on
   * meanwhile (someone else's advance, a jump…), which needs nothing more from us.
   */
  private async claimAndAdvance(doc: Document, entryId: string, by: string): Promise<'advanced' | 'lost' | 'unavailable' | 'stale'> {
    const turn = readPlaybackTurn(doc);
    const code = roomCodeFromDocName(doc.name);
    if (!turn || !code || readPlayback(doc).entryId !== entryId) return 'stale';
    const key = `${entryId}:${turn}`;
    if (this.lost.get(doc.name) === key) return 'lost';
    const claim = await this.claims.claim(code, entryId, turn);
    if (claim === 'lost') {
      this.lost.set(doc.name, key);
      this.deps.log.info({ room: doc.name, entryId, by }, 'advance claimed by another node: waiting for it');
    }
    if (claim !== 'won') return claim;
    if (doc.isDestroyed || readPlayback(doc).entryId !== entryId || readPlaybackTurn(doc) !== turn) return 'stale';
    let advanced = false;
    // A track that ended on time hands over gaplessly: the next one starts at the end (players that started
    // it on their own 'ended' are already right); one advanced late (a retry, a takeover) starts a lead ahead.
    const now = Date.now();
    const endMs = by === 'server' ? endsAtMs(doc) : null;
    const startAtMs = endMs !== null && now - endMs < GAPLESS_WITHIN_MS ? endMs : undefined;
    doc.transact(() => { advanced = advance(doc, entryId, now, by, startAtMs); }, SERVER_ORIGIN);
    if (advanced) this.afterAdvance(doc);
    this.reschedule(doc);
    return 'advanced';
  }

  /** An entry flagged unplayable is skipped when it comes up, and the room is told why (not left to silence). */
  skipUnplayable(doc: Document) {
    let skipped: ReturnType<typeof skipUnplayable> = [];
    doc.transact(() => { skipped = skipUnplayable(doc, Date.now(), 'server'); }, SERVER_ORIGIN);
    if (!skipped.length) return;
    for (const e of skipped) {
      const note: ServerMessage = { type: 'note', message: `"${e.title}" by ${e.artist} could not be played and was skipped`, entryId: e.id, videoId: e.videoId };
      doc.broadcastStateless(JSON.stringify(note));
    }
    this.afterAdvance(doc);
  }

  /** One timer per loaded playing room, always for the current entry's end. */
  private reschedule(doc: Document) {
    const endMs = endsAtMs(doc);
    const entryId = readPlayback(doc).entryId;
    const t = this.timers.get(doc.name);
    if (t && t.atMs === endMs && t.entryId === entryId) return;
    if (t) clearTimeout(t.timer);
    this.timers.delete(doc.name);
    if (endMs === null || !entryId) return;
    // Another node won this track end: its advance will arrive, nothing to run here.
    if (this.lost.get(doc.name) === `${entryId}:${readPlaybackTurn(doc)}`) return;
    const timer = setTimeout(() => void this.trackEnded(doc, entryId, endMs), Math.max(0, endMs - Date.now()));
    timer.unref();
    this.timers.set(doc.name, { atMs: endMs, entryId, timer });
  }

  private async trackEnded(doc: Document, entryId: string, endMs: number) {
    this.timers.delete(doc.name);
    if (doc.isDestroyed || readPlayback(doc).entryId !== entryId || endsAtMs(doc) !== endMs) return this.reschedule(doc);
    // With Redis up, the room's lease holder tries first; the others keep checking so one of them takes over
    // when the holder dies. The claim decides, so a handover or a Redis outage cannot advance twice.
    const result = (await this.leases.acquire(doc.name)) ? await this.claimAndAdvance(doc, entryId, 'server') : 'unavailable';
    if (result === 'stale') return this.reschedule(doc);
    if (result !== 'unavailable' || doc.isDestroyed || this.timers.has(doc.name)) return;
    const timer = setTimeout(() => void this.trackEnded(doc, entryId, endMs), RETRY_MS);
    timer.unref();
    this.timers.set(doc.name, { atMs: endMs, entryId, timer });
  }

  /** Autoplay: when fewer than two entries remain, the room's radio appends recommendations. */
  private afterAdvance(doc: Document) {
    if (!readSettings(doc).autoplay || this.toppingUp.has(doc.name)) return;
    const queue = readQueue(doc);
    if (queue.length >= 2) return;
    const seed = queue.at(-1)?.videoId ?? readHistory(doc).at(-1)?.videoId;
    if (!seed) return;
    this.toppingUp.add(doc.name);
    this.deps.catalog.recommendations(seed, AUTOPLAY_BATCH * 2)
      .then(({ data: tracks }) => {
        if (doc.isDestroyed) return;
        const recent = new Set([...readHistory(doc).slice(-50), ...readQueue(doc)].map((e) => e.videoId));
        const fresh = tracks.filter((t) => !recent.has(t.videoId)).slice(0, AUTOPLAY_BATCH);
        if (!fresh.length) return;
        doc.transact(() => {
          addTracks(doc as Y.Doc, fresh, RADIO, 'end');
          if (!readPlayback(doc).entryId) play(doc, Date.now(), 'server');
        }, SERVER_ORIGIN);
        this.reschedule(doc);
      })
      .catch((err) => this.deps.log.warn({ err: String(err), room: doc.name }, 'autoplay recommendations failed'))
      .finally(() => this.toppingUp.delete(doc.name));
  }
}
