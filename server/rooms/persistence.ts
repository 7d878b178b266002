// Loads a room document from Room.ydocState (or, once, from its RoomQueue rows) and stores it back in one
// transaction: the Yjs state, the playback columns, Track rows and RoomQueue made equal to the document.
import type { Extension, onLoadDocumentPayload, onStoreDocumentPayload } from '@hocuspocus/server';
import { generateNKeysBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import {
  historyArray, positionAt, queueMap, readHistory, readPlayback, readQueue, roomCodeFromDocName, settingsMap,
  type HistoryEntry, type QueueEntry, type RoomSettings,
} from '../../shared/room/doc.ts';
import { writeEntry } from '../../shared/room/mutations.ts';
import type { Db } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { settingsFrom } from './access.ts';
import { storeWithRetry } from './store-retry.ts';

type TrackInfo = { videoId: string; title: string; artist: string; album?: string; thumbnailUrl?: string; durationS: number };
type Loaded = { roomId: string; trackIds: Map<string, string> };

/** Prisma's Bytes wants an ArrayBuffer-backed array. */
const bytes = (u: Uint8Array) => new Uint8Array(u.buffer as ArrayBuffer, u.byteOffset, u.byteLength);

export const SERVER_ORIGIN = { source: 'local', context: { server: true } } as const;

/** Writes room-wide settings into the document (the Room row is the source of truth). True when it wrote. */
export function syncSettings(doc: Y.Doc, settings: RoomSettings): boolean {
  const m = settingsMap(doc);
  let wrote = false;
  doc.transact(() => {
    for (const [k, v] of Object.entries(settings)) if (m.get(k) !== v) { m.set(k, v); wrote = true; }
  }, SERVER_ORIGIN);
  return wrote;
}

/**
 * Rooms stored before queue entries were plain values hold each entry as a Y.Map: each is set again as its
 * plain value, as the server, so clients' copies converge on the new shape. True when it wrote.
 */
export function migrateQueue(doc: Y.Doc): boolean {
  const old = [...queueMap(doc).entries()].filter((kv): kv is [string, Y.Map<unknown>] => kv[1] instanceof Y.Map);
  if (old.length) doc.transact(() => { for (const [, m] of old) writeEntry(doc, m.toJSON() as QueueEntry); }, SERVER_ORIGIN);
  return old.length > 0;
}

export class RoomPersistence implements Extension {
  extensionName = 'jamroom-persistence';
  /** Rooms deleted while loaded: their last store is skipped. */
  readonly deleted = new Set<string>();
  private loaded = new Map<string, Loaded>();
  constructor(private deps: Deps) {}

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload) {
    const code = roomCodeFromDocName(documentName);
    const room = code ? await this.deps.db.room.findUnique({ where: { code }, select: { id: true, ydocState: true, settings: true, position: true } }) : null;
    if (!room) throw { reason: 'room-not-found' };
    this.deleted.delete(room.id);
    const loaded: Loaded = { roomId: room.id, trackIds: new Map() };
    this.loaded.set(documentName, loaded);
    if (room.ydocState) {
      // Never rebuilt from rows when a state exists: offline clients would merge duplicates.
      Y.applyUpdate(document, room.ydocState);
    } else {
      const built = await this.buildFromRows(room.id, room.position, loaded);
      // The settings go into the build, so the claim stores them too (one write for a new room, not two).
      syncSettings(built, settingsFrom(room.settings));
      // Claim the build: only the first node to build a stateless room keeps its version.
      const claimed = await this.deps.db.room.updateMany({ where: { id: room.id, ydocState: null }, data: { ydocState: bytes(Y.encodeStateAsUpdate(built)) } });
      if (claimed.count === 1) Y.applyUpdate(document, Y.encodeStateAsUpdate(built));
      else {
        const again = await this.deps.db.room.findUniqueOrThrow({ where: { id: room.id }, select: { ydocState: true } });
        if (again.ydocState) Y.applyUpdate(document, again.ydocState);
      }
    }
    // A write made while loading is not a change to Hocuspocus (nothing would store it), yet clients will
    // see it: store it now, so the next load finds it instead of writing it again under a new identity.
    const migrated = migrateQueue(document);
    if (syncSettings(document, settingsFrom(room.settings)) || migrated) {
      await this.deps.db.room.update({ where: { id: room.id }, data: { ydocState: bytes(Y.encodeStateAsUpdate(document)) } });
    }
  }

  private async buildFromRows(roomId: string, positionMs: number, loaded: Loaded): Promise<Y.Doc> {
    const rows = await this.deps.db.roomQueue.findMany({ where: { roomId }, orderBy: [{ isPlayed: 'desc' }, { order: 'asc' }], include: { track: true } });
    const doc = new Y.Doc();
    const upNext = rows.filter((r) => !r.isPlayed);
    const keys = generateNKeysBetween(null, null, upNext.length);
    doc.transact(() => {
      for (const r of rows) {
        loaded.trackIds.set(r.track.pipedId, r.trackId);
        const e = {
          id: r.id, videoId: r.track.pipedId, title: r.track.title, artist: r.track.artist, album: r.track.album ?? undefined,
          thumbnailUrl: r.track.thumbnailUrl ?? undefined, durationS: r.track.duration, addedBy: r.addedBy ?? '', addedByName: r.addedByName ?? '',
          addedAt: r.addedAt.getTime(),
        };
        if (r.isPlayed) historyArray(doc).push([{ ...e, playedAt: (r.playedAt ?? r.addedAt).getTime() } as HistoryEntry]);
        else writeEntry(doc, { ...e, position: keys[upNext.indexOf(r)] });
      }
      const first = upNext[0];
      if (first) {
        const p = doc.getMap('playback');
        p.set('entryId', first.id); p.set('status', 'paused'); p.set('positionMs', positionMs); p.set('atServerMs', Date.now()); p.set('updatedBy', 'server');
      }
    });
    return doc;
  }

  async onStoreDocument({ document, documentName }: onStoreDocumentPayload) {
    const loaded = this.loaded.get(documentName);
    if (!loaded || this.deleted.has(loaded.roomId)) return;
    await storeWithRetry(() => storeRoom(this.deps.db, loaded, document), { log: this.deps.log, room: documentName, abandoned: () => this.deleted.has(loaded.roomId) });
  }

  async afterUnloadDocument({ documentName }: { documentName: string }) {
    this.loaded.delete(documentName);
  }
}

async function storeRoom(db: Db, loaded: Loaded, doc: Y.Doc) {
  const { roomId, trackIds } = loaded;
  const state = bytes(Y.encodeStateAsUpdate(doc));
  const queue = readQueue(doc);
  const history = readHistory(doc);
  const playback = readPlayback(doc);
  const current = queue.find((e) => e.id === playback.entryId);
  const desired = [
    ...queue.map((e, order) => ({ e: e as TrackInfo & { id: string; addedBy: string; addedByName: string; addedAt: number }, order, isPlayed: false, playedAt: null })),
    // The authority stamps playedAt when an entry moves to history; older documents may lack it.
    ...history.map((e, order) => ({ e, order, isPlayed: true, playedAt: new Date(e.playedAt ?? Date.now()) })),
  ];
  await db.$transaction(async (tx) => {
    // Tracks: only videos this room has not stored before.
    const unknown = new Map<string, TrackInfo>();
    for (const { e } of desired) if (!trackIds.has(e.videoId)) unknown.set(e.videoId, e);
    if (unknown.size) {
      const data = [...unknown.values()].map((t) => ({ pipedId: t.videoId, title: t.title, artist: t.artist, album: t.album ?? null, thumbnailUrl: t.thumbnailUrl ?? null, duration: Math.round(t.durationS) }));
      // Raw statements: Prisma compiles a createMany on the event loop, tens of ms for a few hundred rows.
      await tx.$executeRaw`INSERT INTO "Track" (id, "pipedId", title, artist, album, "thumbnailUrl", duration)
        SELECT gen_random_uuid(), u.* FROM unnest(${data.map((t) => t.pipedId)}::text[], ${data.map((t) => t.title)}::text[], ${data.map((t) => t.artist)}::text[],
          ${data.map((t) => t.album)}::text[], ${data.map((t) => t.thumbnailUrl)}::text[], ${data.map((t) => t.duration)}::int[]) AS u
        ON CONFLICT ("pipedId") DO NOTHING`;
      const rows = await tx.$queryRaw<Array<{ id: string; pipedId: string }>>`SELECT id, "pipedId" FROM "Track" WHERE "pipedId" = ANY(${[...unknown.keys()]}::text[])`;
      for (const r of rows) trackIds.set(r.pipedId, r.id);
    }
    const existing = new Map((await tx.roomQueue.findMany({ where: { roomId }, select: { id: true, order: true, isPlayed: true, playedAt: true } })).map((r) => [r.id, r]));
    const keep = new Set(desired.map((d) => d.e.id));
    const gone = [...existing.keys()].filter((id) => !keep.has(id));
    if (gone.length) await tx.roomQueue.deleteMany({ where: { id: { in: gone } } });
    const creates = [];
    const updates: { id: string; order: number; isPlayed: boolean; playedAt: Date | null }[] = [];
    for (const { e, order, isPlayed, playedAt } of desired) {
      const trackId = trackIds.get(e.videoId)!;
      const row = existing.get(e.id);
      // An entry back in Up Next (previous) keeps when it was last played.
      const played = playedAt ?? row?.playedAt ?? null;
      if (!row) creates.push({ id: e.id, roomId, trackId, order, isPlayed, playedAt: played, addedBy: e.addedBy || null, addedByName: e.addedByName || null, addedAt: new Date(e.addedAt) });
      else if (row.order !== order || row.isPlayed !== isPlayed || row.playedAt?.getTime() !== played?.getTime()) updates.push({ id: e.id, order, isPlayed, playedAt: played });
    }
    // An entry's id may already belong to another room's row (a forged id): skip it rather than fail the store.
    if (creates.length) {
      const c = creates;
      await tx.$executeRaw`INSERT INTO "RoomQueue" (id, "roomId", "trackId", "order", "isPlayed", "playedAt", "addedBy", "addedByName", "addedAt")
        SELECT u.id, ${roomId}::uuid, u.t, u.o, u.p, u.pa, u.ab, u.an, u.aa
        FROM unnest(${c.map((x) => x.id)}::uuid[], ${c.map((x) => x.trackId)}::uuid[], ${c.map((x) => x.order)}::int[], ${c.map((x) => x.isPlayed)}::bool[],
          ${c.map((x) => x.playedAt)}::timestamp(3)[], ${c.map((x) => x.addedBy)}::text[], ${c.map((x) => x.addedByName)}::text[], ${c.map((x) => x.addedAt)}::timestamp(3)[])
          AS u(id, t, o, p, pa, ab, an, aa)
        ON CONFLICT (id) DO NOTHING`;
    }
    if (updates.length) {
      // One statement for every reordered row: a move near the top shifts many orders.
      await tx.$executeRaw`UPDATE "RoomQueue" AS q SET "order" = u.o, "isPlayed" = u.p, "playedAt" = u.t
        FROM unnest(${updates.map((u) => u.id)}::uuid[], ${updates.map((u) => u.order)}::int[], ${updates.map((u) => u.isPlayed)}::bool[],
          ${updates.map((u) => u.playedAt)}::timestamp(3)[]) AS u(id, o, p, t)
        WHERE q.id = u.id AND q."roomId" = ${roomId}::uuid`;
    }
    await tx.room.update({
      where: { id: roomId },
      data: {
        ydocState: state,
        isPlaying: playback.status === 'playing' && !!current,
        currentTrackId: current?.videoId ?? null,
        currentEntryId: current?.id ?? null,
        position: Math.min(2 ** 31 - 1, Math.round(positionAt(playback, Date.now()))),
      },
    });
  }, { maxWait: 10_000, timeout: 20_000 });
}
