// The room's clock and playback authority: requests (stateless messages or REST) are applied here with the
// server's time; one timer per loaded, playing room advances exactly once when the track ends.
import type { afterLoadDocumentPayload, Document, Extension, onChangePayload, onStatelessPayload } from '@hocuspocus/server';
import * as Y from 'yjs';
import { RADIO, readHistory, readPlayback, readQueue, readSettings } from '../../shared/room/doc.ts';
import { addTracks } from '../../shared/room/mutations.ts';
import { advance, endsAtMs, jump, pause, play, previous, repairPlayback, seek, skipUnplayable } from '../../shared/room/playback.ts';
import { ClientMessageSchema, type PlaybackCommand, type ServerMessage } from '../../shared/room/protocol.ts';
import type { Deps } from '../deps.ts';
import type { RoomContext } from './auth-extension.ts';
import { LEASE_MS, RoomLeases } from './lease.ts';
import { SERVER_ORIGIN } from './persistence.ts';

const AUTOPLAY_BATCH = 5;
/** How often a node without the room's lease checks whether the holder advanced or is gone. */
const LEASE_RETRY_MS = 1000;
const send = (connection: { sendStateless: (s: string) => void }, msg: ServerMessage) => connection.sendStateless(JSON.stringify(msg));

export class PlaybackAuthority implements Extension {
  extensionName = 'jamroom-playback';
  private timers = new Map<string, { atMs: number; entryId: string; timer: NodeJS.Timeout }>();
  private votes = new Map<string, { entryId: string; voters: Set<string> }>();
  private toppingUp = new Set<string>();
  readonly leases: RoomLeases;
  constructor(private deps: Deps) {
    this.leases = new RoomLeases(deps.redis);
  }

  async afterLoadDocument({ document }: afterLoadDocumentPayload) {
    this.skipUnplayable(document);
    this.reschedule(document);
  }

  async onChange({ document, transactionOrigin }: onChangePayload) {
    // A peer node's change (relayed through Redis) was repaired and checked on the node it came in on: doing
    // it again here, possibly on a half-applied update, would move playback on twice.
    const fromPeer = (transactionOrigin as { source?: string } | undefined)?.source === 'redis';
    if (fromPeer) return this.reschedule(document);
    this.skipUnplayable(document);
    if (transactionOrigin === SERVER_ORIGIN) return this.reschedule(document);
    // A listener removed the playing entry: move on to the first remaining one.
    let repaired = false;
    document.transact(() => { repaired = repairPlayback(document, Date.now(), 'server'); }, SERVER_ORIGIN);
    if (repaired) this.afterAdvance(document);
    this.reschedule(document);
  }

  async afterUnloadDocument({ documentName }: { documentName: string }) {
    const t = this.timers.get(documentName);
    if (t) clearTimeout(t.timer);
    this.timers.delete(documentName);
    this.votes.delete(documentName);
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
    if (msg.type === 'vote-skip') this.vote(document, msg.entryId, ctx.actor?.id ?? connection.socketId);
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

  private vote(doc: Document, entryId: string, voter: string) {
    const current = readPlayback(doc).entryId;
    const needed = readSettings(doc).skipVotes;
    if (!current || current !== entryId || needed <= 0) return;
    let v = this.votes.get(doc.name);
    if (!v || v.entryId !== entryId) this.votes.set(doc.name, (v = { entryId, voters: new Set() }));
    v.voters.add(voter);
    doc.broadcastStateless(JSON.stringify({ type: 'skip-votes', entryId, votes: v.voters.size, needed } satisfies ServerMessage));
    if (v.voters.size >= needed) this.apply(doc, { action: 'next', entryId }, 'skip-votes');
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
    const timer = setTimeout(() => void this.trackEnded(doc, entryId, endMs), Math.max(0, endMs - Date.now()));
    timer.unref();
    this.timers.set(doc.name, { atMs: endMs, entryId, timer });
  }

  private async trackEnded(doc: Document, entryId: string, endMs: number) {
    this.timers.delete(doc.name);
    if (doc.isDestroyed || readPlayback(doc).entryId !== entryId || endsAtMs(doc) !== endMs) return this.reschedule(doc);
    // With several nodes only the room's lease holder advances; the others see the result via Redis, and
    // keep checking so one of them takes over when the holder dies. The per-entry claim covers a handover.
    const redis = this.deps.redis;
    const mine = await this.leases.acquire(doc.name);
    const claimed = !mine ? null : redis?.status === 'ready'
      ? await redis.set(`room-advance:${doc.name}:${entryId}:${endMs}`, this.leases.nodeId, 'PX', LEASE_MS, 'NX').catch(() => 'OK')
      : 'OK';
    if (claimed !== 'OK') {
      if (doc.isDestroyed || this.timers.has(doc.name)) return;
      const timer = setTimeout(() => void this.trackEnded(doc, entryId, endMs), LEASE_RETRY_MS);
      timer.unref();
      this.timers.set(doc.name, { atMs: endMs, entryId, timer });
      return;
    }
    if (doc.isDestroyed || readPlayback(doc).entryId !== entryId || endsAtMs(doc) !== endMs) return this.reschedule(doc);
    let advanced = false;
    doc.transact(() => { advanced = advance(doc, entryId, Date.now(), 'server'); }, SERVER_ORIGIN);
    if (advanced) this.afterAdvance(doc);
    this.reschedule(doc);
  }

  /** Autoplay: when fewer than two entries remain, the room's radio appends recommendations. */
  private afterAdvance(doc: Document) {
    this.votes.delete(doc.name);
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
