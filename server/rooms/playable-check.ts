// When a track is added to a room, the catalog is asked once (its answer is cached) whether the track
// resolves to playable audio. Entries that cannot play are flagged in the document, so the playback
// authority skips them with a note instead of the room discovering silence.
import type { afterLoadDocumentPayload, Document, Extension } from '@hocuspocus/server';
import type * as Y from 'yjs';
import { queueMap, readEntry } from '../../shared/room/doc.ts';
import { markUnplayable } from '../../shared/room/playback.ts';
import type { Deps } from '../deps.ts';
import { SERVER_ORIGIN } from './persistence.ts';

/** Checks in flight per server: adding a 5,000-track playlist must not fire 5,000 upstream calls at once. */
const CONCURRENCY = 4;
/**
 * Answers remembered in this process (the catalog caches them for hours in Redis): a track added again
 * (radio, a re-queued favourite) costs no Redis round trip, which blocks the event loop while it is sent.
 */
const REMEMBER_MS = 10 * 60_000;
const REMEMBER_MAX = 10_000;

type Job = { docName: string; entryId: string; videoId: string };

export class PlayableCheck implements Extension {
  extensionName = 'jamroom-playable-check';
  private observers = new Map<string, { doc: Document; fn: (ev: Y.YMapEvent<unknown>) => void }>();
  private pending: Job[] = [];
  private running = 0;
  private destroyed = false;
  private answers = new Map<string, { ok: boolean; atMs: number }>();
  constructor(private deps: Deps) {}

  /**
   * Only entries added after the load are checked: stored ones were checked when they were added. An add
   * relayed from another node was checked there: checking it here too doubled the catalog calls and the
   * flags (each node writing its own `unplayable`, relayed back).
   */
  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload) {
    const fn = (ev: Y.YMapEvent<unknown>) => {
      if ((ev.transaction.origin as { source?: string } | null)?.source === 'redis') return;
      for (const [entryId, change] of ev.changes.keys) {
        // Only a new key is a new entry: a move or the flag itself sets an existing one ('update').
        const entry = change.action === 'add' ? readEntry(document, entryId) : null;
        if (entry && typeof entry.videoId === 'string' && entry.unplayable !== true) this.enqueue({ docName: documentName, entryId, videoId: entry.videoId });
      }
    };
    queueMap(document).observe(fn);
    this.observers.set(documentName, { doc: document, fn });
  }

  async afterUnloadDocument({ documentName }: { documentName: string }) {
    const o = this.observers.get(documentName);
    if (o) queueMap(o.doc).unobserve(o.fn);
    this.observers.delete(documentName);
  }

  async onDestroy() {
    this.destroyed = true;
    this.pending = [];
  }

  /** Resolves when every queued check has finished (tests, shutdown). */
  async idle() {
    while (this.running || this.pending.length) await new Promise((r) => setTimeout(r, 10));
  }

  private enqueue(job: Job) {
    this.pending.push(job);
    this.pump();
  }

  private pump() {
    while (!this.destroyed && this.running < CONCURRENCY && this.pending.length) {
      const job = this.pending.shift()!;
      this.running++;
      void this.check(job).finally(() => { this.running--; this.pump(); });
    }
  }

  private async check(job: Job) {
    const ok = await this.playable(job.videoId);
    if (ok || this.destroyed) return;
    try {
      await this.mark(job);
    } catch (err) {
      this.deps.log.warn({ err: String(err), room: job.docName }, 'could not flag an unplayable entry');
    }
  }

  private async playable(videoId: string): Promise<boolean> {
    const known = this.answers.get(videoId);
    if (known && Date.now() - known.atMs < REMEMBER_MS) return known.ok;
    try {
      const ok = await this.deps.catalog.playable(videoId);
      this.answers.delete(videoId);
      if (this.answers.size >= REMEMBER_MAX) this.answers.delete(this.answers.keys().next().value!);
      this.answers.set(videoId, { ok, atMs: Date.now() });
      return ok;
    } catch (err) {
      // An upstream failure says nothing about the track: only a definite "no audio" flags it (not remembered).
      this.deps.log.debug({ err: String(err), videoId }, 'playable check failed');
      return true;
    }
  }

  /** Flags the entry in the loaded document, or loads the room for the write (it may have unloaded meanwhile). */
  private async mark({ docName, entryId }: Job) {
    const loaded = this.deps.hocuspocus.documents.get(docName);
    if (loaded && !loaded.isDestroyed) {
      loaded.transact(() => markUnplayable(loaded, [entryId]), SERVER_ORIGIN);
      return;
    }
    const direct = await this.deps.hocuspocus.openDirectConnection(docName, { server: true });
    try {
      direct.document!.transact(() => markUnplayable(direct.document!, [entryId]), SERVER_ORIGIN);
    } finally {
      await direct.disconnect();
    }
  }
}
