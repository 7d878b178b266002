// When a track is added to a room, the catalog is asked once (its answer is cached) whether the track
// resolves to playable audio. Entries that cannot play are flagged in the document, so the playback
// authority skips them with a note instead of the room discovering silence.
import type { afterLoadDocumentPayload, Document, Extension } from '@hocuspocus/server';
import * as Y from 'yjs';
import { queueMap } from '../../shared/room/doc.ts';
import { markUnplayable } from '../../shared/room/playback.ts';
import type { Deps } from '../deps.ts';
import { SERVER_ORIGIN } from './persistence.ts';

/** Checks in flight per server: adding a 5,000-track playlist must not fire 5,000 upstream calls at once. */
const CONCURRENCY = 4;

type Job = { docName: string; entryId: string; videoId: string };

export class PlayableCheck implements Extension {
  extensionName = 'jamroom-playable-check';
  private observers = new Map<string, { doc: Document; fn: (ev: Y.YMapEvent<Y.Map<unknown>>) => void }>();
  private pending: Job[] = [];
  private running = 0;
  private destroyed = false;
  constructor(private deps: Deps) {}

  /** Only entries added after the load are checked: stored ones were checked when they were added. */
  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload) {
    const fn = (ev: Y.YMapEvent<Y.Map<unknown>>) => {
      for (const [entryId, change] of ev.changes.keys) {
        const m = change.action === 'add' ? queueMap(document).get(entryId) : undefined;
        const videoId = m instanceof Y.Map ? m.get('videoId') : undefined;
        if (typeof videoId === 'string' && m!.get('unplayable') !== true) this.enqueue({ docName: documentName, entryId, videoId });
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
    // An upstream failure says nothing about the track: only a definite "no audio" flags it.
    const ok = await this.deps.catalog.playable(job.videoId).catch((err) => {
      this.deps.log.debug({ err: String(err), videoId: job.videoId }, 'playable check failed');
      return true;
    });
    if (ok || this.destroyed) return;
    try {
      await this.mark(job);
    } catch (err) {
      this.deps.log.warn({ err: String(err), room: job.docName }, 'could not flag an unplayable entry');
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
