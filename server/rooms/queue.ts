// The queue over REST and the seams with the library: add tracks or a whole playlist to a room's queue
// (server-side, through the shared addTracks mutation), and save a room's History or Up Next as a playlist.
import * as Y from 'yjs';
import type { Track } from '../../shared/api/track.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { LIMITS, queueMap, readHistory, readUpNext, type QueueEntry } from '../../shared/room/doc.ts';
import { addTracks, type NewTrack, type Where } from '../../shared/room/mutations.ts';
import type { Actor, UserActor } from '../auth/actor.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../http/errors.ts';
import { createPlaylistFromTracks, getPlaylist } from '../library/playlists.ts';
import { actorName, enterRoom, roomByCode } from './access.ts';
import { SERVER_ORIGIN, roomSync } from './sync.ts';

const unprocessable = (msg: string) => new AppError(422, ErrorCode.validation, msg);
const forbidden = (msg: string) => new AppError(403, ErrorCode.forbidden, msg);

/** A library track as a queue entry may hold it: entry strings are capped at 500 characters. */
function entryTrack(t: Track): NewTrack {
  const clip = (s: string) => s.slice(0, LIMITS.stringChars);
  return {
    videoId: t.videoId, title: clip(t.title), artist: clip(t.artist), album: t.album ? clip(t.album) : null,
    // A clipped URL would be broken: a long one is left out.
    thumbnailUrl: t.thumbnailUrl && t.thumbnailUrl.length <= LIMITS.stringChars ? t.thumbnailUrl : null,
    durationS: t.durationS,
  };
}

/** The room, when the actor may add to its queue (the same permission a client's own add needs). */
async function roomToAddTo(deps: Deps, actor: Actor, code: string) {
  const room = await roomByCode(deps.db, code);
  const access = await enterRoom(deps.db, room, actor);
  if (!access) throw forbidden('This guest pass is for another room');
  if (!access.permissions.add) throw forbidden('You may not add to this queue');
  return room;
}

export async function addToQueue(deps: Deps, actor: Actor, code: string, tracks: readonly Track[], where: Where): Promise<QueueEntry[]> {
  const room = await roomToAddTo(deps, actor, code);
  return insert(deps, room.code, actor, tracks, where);
}

/** A whole playlist (the actor's own, or a public one) into the queue, in its order. */
export async function addPlaylistToQueue(deps: Deps, actor: Actor, code: string, playlistId: string, where: 'end' | 'next') {
  const room = await roomToAddTo(deps, actor, code);
  const playlist = await getPlaylist(deps, actor.id, playlistId);
  if (!playlist.tracks.length) throw unprocessable('That playlist has no tracks');
  return insert(deps, room.code, actor, playlist.tracks.map((e) => e.track), where);
}

/** Adds tracks through the shared mutation, within the limits the update guard holds clients to. */
function insert(deps: Deps, code: string, actor: Actor, tracks: readonly Track[], where: Where): Promise<QueueEntry[]> {
  const by = { id: actor.id, name: actorName(actor) };
  const batch = tracks.map(entryTrack);
  return roomSync(deps).withDoc(code, (doc) => {
    const size = queueMap(doc).size;
    if (size + batch.length > LIMITS.queueEntries) {
      throw unprocessable(`The queue holds at most ${LIMITS.queueEntries} entries: it has ${size}, this would add ${batch.length}`);
    }
    // Server writes skip the update guard, so the document size limit is checked on a scratch copy first.
    const scratch = new Y.Doc();
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    addTracks(scratch, batch, by, where);
    const sizeBytes = Y.encodeStateAsUpdate(scratch).byteLength;
    scratch.destroy();
    if (sizeBytes > LIMITS.docBytes) throw unprocessable(`The room document may not exceed ${LIMITS.docBytes} bytes`);
    let added: QueueEntry[] = [];
    doc.transact(() => { added = addTracks(doc, batch, by, where); }, SERVER_ORIGIN);
    return added;
  });
}

/** Saves the room's History (oldest first) or Up Next (in order) as a new playlist, keeping who added what. */
export async function saveAsPlaylist(deps: Deps, user: UserActor, code: string, input: { name: string; from: 'history' | 'upNext'; isPublic: boolean }) {
  const room = await roomByCode(deps.db, code);
  await enterRoom(deps.db, room, user);
  const entries = await roomSync(deps).withDoc(room.code, (doc) => (input.from === 'history' ? readHistory(doc) : readUpNext(doc)));
  const tracks = entries.filter((e) => !e.unplayable).map((e) => ({
    track: { videoId: e.videoId, title: e.title, artist: e.artist, album: e.album ?? null, thumbnailUrl: e.thumbnailUrl ?? null, durationS: Math.round(e.durationS) },
    addedBy: e.addedBy || null,
  }));
  if (!tracks.length) throw unprocessable(input.from === 'history' ? 'Nothing has been played in this room yet' : 'Up Next is empty');
  return createPlaylistFromTracks(deps, user.id, input.name, tracks, input.isPublic);
}
