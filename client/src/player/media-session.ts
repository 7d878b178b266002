// Lock screen / media keys: show the track and send the buttons to the room.
import type { PlayerTrack } from './audio-controller.ts';

export type MediaActions = { play: () => void; pause: () => void; next: () => void; previous: () => void; seekTo: (ms: number) => void };

const session = (): MediaSession | null => (typeof navigator !== 'undefined' && 'mediaSession' in navigator ? navigator.mediaSession : null);

export function setMediaMetadata(track: PlayerTrack | null): void {
  const ms = session();
  if (!ms || typeof MediaMetadata === 'undefined') return;
  ms.metadata = track
    ? new MediaMetadata({
        title: track.title,
        artist: track.artist,
        album: track.album ?? '',
        artwork: track.thumbnailUrl ? [{ src: track.thumbnailUrl, sizes: '512x512' }] : [],
      })
    : null;
}

export function setMediaActions(actions: MediaActions | null): void {
  const ms = session();
  if (!ms) return;
  const set = (name: MediaSessionAction, handler: MediaSessionActionHandler | null) => {
    try {
      ms.setActionHandler(name, handler);
    } catch {
      // Browsers throw for actions they do not support; those buttons just do not show.
    }
  };
  set('play', actions && (() => actions.play()));
  set('pause', actions && (() => actions.pause()));
  set('nexttrack', actions && (() => actions.next()));
  set('previoustrack', actions && (() => actions.previous()));
  set('seekto', actions && ((d) => d.seekTime !== undefined && actions.seekTo(d.seekTime * 1000)));
}

export function setMediaPosition(positionMs: number, durationMs: number, playing: boolean): void {
  const ms = session();
  if (!ms) return;
  ms.playbackState = playing ? 'playing' : 'paused';
  if (!ms.setPositionState || !(durationMs > 0)) return;
  try {
    ms.setPositionState({ duration: durationMs / 1000, position: Math.min(Math.max(0, positionMs), durationMs) / 1000, playbackRate: 1 });
  } catch {
    // A position past the duration throws; the next tick fixes it.
  }
}
