// What a track offers on the pages around the room: add to (or play next in) the room this tab is in, like,
// add to a playlist, preview on my own — and one note for what happened, for a role="status" line.
import { createResource, createSignal, onCleanup } from 'solid-js';
import { errorMessage } from '../api/client.ts';
import { library } from '../api/endpoints.ts';
import type { Track } from '../api/types.ts';
import { listening } from '../listening/now.ts';
import { session } from '../state/session.ts';
import type { TrackActions } from './TrackList.tsx';

/** The room adds go to, as buttons name it; null when not in one or not allowed to add. */
export function addTarget(): string | null {
  const room = listening.room();
  return room && listening.canAdd() ? room.name || `room ${room.code}` : null;
}

/** How long a note stays in sight; screen readers were told when it appeared. */
const NOTE_MS = 6000;

/**
 * The room page's own rows (its Played list) add through the room's edits, with Undo, and their buttons
 * say "Add X to the queue": `room` gives that add and who may use it.
 */
type InRoom = { canAdd: () => boolean; add: (tracks: Track[], mode: 'end' | 'next') => void };

export function createTrackActions(room?: InRoom) {
  const [note, setNoteNow] = createSignal('');
  let clearNote: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(clearNote));
  const setNote = (text: string) => {
    setNoteNow(text);
    clearTimeout(clearNote);
    if (text) clearNote = setTimeout(() => setNoteNow(''), NOTE_MS);
  };
  const [likedIds, setLikedIds] = createSignal<ReadonlySet<string>>(new Set());
  const [playlists] = createResource(() => session.user()?.id, () => library.playlists().catch(() => []));

  const markLiked = (videoIds: string[], on = true) => {
    const next = new Set(likedIds());
    for (const id of videoIds) {
      if (on) next.add(id);
      else next.delete(id);
    }
    setLikedIds(next);
  };
  /** Asks which of these tracks I like (signed in only), e.g. for each new set of search results. */
  const lookUpLikes = (tracks: Track[]) => {
    if (session.user()) library.likedIds(tracks.map((t) => t.videoId)).then((ids) => markLiked([...ids]), () => {});
  };
  const add = (mode: 'end' | 'next') => (track: Track) => {
    if (room) return room.add([track], mode);
    setNote(listening.addToRoom([track], mode) ?? `Could not add ${track.title}: join a room first.`);
  };
  const mayAdd = () => (room ? room.canAdd() : !!addTarget());
  const like = async (track: Track, on: boolean) => {
    markLiked([track.videoId], on);
    try {
      await (on ? library.like(track) : library.unlike(track.videoId));
    } catch (err) {
      markLiked([track.videoId], !on);
      setNote(errorMessage(err));
    }
  };

  // Getters: a row reads them as props, so they follow the room, the session and the likes as those change.
  const actions: TrackActions = {
    get onAdd() { return mayAdd() ? add('end') : undefined; },
    get onPlayNext() { return mayAdd() ? add('next') : undefined; },
    get addTarget() { return room ? undefined : (addTarget() ?? undefined); },
    get onLike() { return session.user() ? like : undefined; },
    onNeedsAccount: (what) => setNote(`Create an account or sign in to ${what}.`),
    get likedIds() { return likedIds(); },
    get playlists() { return playlists() ?? []; },
    onAddToPlaylist: (id, track) => {
      const name = playlists()?.find((p) => p.id === id)?.name ?? 'the playlist';
      library.addToPlaylist(id, [track]).then(() => setNote(`Added ${track.title} to ${name}.`), (err) => setNote(errorMessage(err)));
    },
    onPreview: (track) => listening.preview(track),
  };
  return { actions, note, setNote, lookUpLikes, markLiked };
}
