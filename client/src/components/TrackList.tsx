// A list of tracks with the actions that fit where it is shown (preview, add, play next, like, add to playlist).
import { For, Show } from 'solid-js';
import type { PlaylistSummary, Track } from '../api/types.ts';
import './cards.css';
import { formatDuration, Icon, Thumb } from './icons.tsx';

export type TrackActions = {
  onAdd?: (track: Track) => void;
  onPlayNext?: (track: Track) => void;
  /**
   * The room adds go to, named in the buttons ("Add X to Friday") where the page is not the room itself;
   * without it the buttons say "Add X to the queue" and "Play X next".
   */
  addTarget?: string;
  /** Signed-in only; a guest gets onNeedsAccount instead. */
  onLike?: (track: Track, liked: boolean) => void;
  likedIds?: ReadonlySet<string>;
  playlists?: PlaylistSummary[];
  onAddToPlaylist?: (playlistId: string, track: Track) => void;
  onNeedsAccount?: (what: string) => void;
  onPreview?: (track: Track) => void;
};

export const addLabel = (title: string, target?: string) => (target ? `Add ${title} to ${target}` : `Add ${title} to the queue`);
export const playNextLabel = (title: string, target?: string) => (target ? `Play ${title} next in ${target}` : `Play ${title} next`);

/** The buttons a track offers, for a row or a card: those its host gave a handler for (a card has its own preview). */
export function TrackButtons(props: { track: Track; withPreview?: boolean; withPlaylists?: boolean } & TrackActions) {
  const t = () => props.track;
  const liked = () => !!props.likedIds?.has(t().videoId);
  const like = () => (props.onLike ? props.onLike(t(), !liked()) : props.onNeedsAccount?.('like songs'));
  return (
    <>
      <Show when={props.withPreview !== false && props.onPreview}>
        <button class="icon-btn" type="button" aria-label={`Preview ${t().title} on your own`} onClick={() => props.onPreview!(t())}>
          <Icon name="play" />
        </button>
      </Show>
      <Show when={props.onPlayNext}>
        <button class="icon-btn" type="button" aria-label={playNextLabel(t().title, props.addTarget)} onClick={() => props.onPlayNext!(t())}>
          <Icon name="playNext" />
        </button>
      </Show>
      <Show when={props.onAdd}>
        <button class="icon-btn" type="button" aria-label={addLabel(t().title, props.addTarget)} onClick={() => props.onAdd!(t())}>
          <Icon name="add" />
        </button>
      </Show>
      <Show when={props.onLike || props.onNeedsAccount}>
        <button class="icon-btn" classList={{ liked: liked() }} type="button" aria-label={`Like ${t().title}`} aria-pressed={liked()} onClick={like}>
          <Icon name="heart" filled={liked()} />
        </button>
      </Show>
      <Show when={props.withPlaylists !== false && props.playlists?.length && props.onAddToPlaylist}>
        <select
          class="mini-select"
          aria-label={`Add ${t().title} to a playlist`}
          onChange={(e) => {
            const id = e.currentTarget.value;
            e.currentTarget.value = '';
            if (id) props.onAddToPlaylist!(id, t());
          }}
        >
          <option value="">+ Playlist</option>
          <For each={props.playlists}>{(p) => <option value={p.id}>{p.name}</option>}</For>
        </select>
      </Show>
    </>
  );
}

export function TrackRow(props: { track: Track } & TrackActions) {
  const t = () => props.track;
  return (
    <li class="queue-row track-row">
      <Thumb src={t().thumbnailUrl} />
      <div class="row-text">
        <span class="row-title">{t().title}</span>
        <span class="row-sub">
          {t().artist}
          {t().album ? ` · ${t().album}` : ''}
        </span>
      </div>
      <span class="row-duration">{formatDuration(t().durationS)}</span>
      <div class="row-actions">
        <TrackButtons {...props} />
      </div>
    </li>
  );
}

export function TrackList(props: { tracks: Track[]; label: string } & TrackActions) {
  return (
    <ol class="queue" aria-label={props.label}>
      <For each={props.tracks}>{(track) => <TrackRow {...props} track={track} />}</For>
    </ol>
  );
}
