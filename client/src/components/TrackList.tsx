// A list of tracks with the actions that fit where it is shown (add, play next, like, add to playlist).
import { For, Show } from 'solid-js';
import type { PlaylistSummary, Track } from '../api/types.ts';
import { formatDuration, Icon, Thumb } from './icons.tsx';

export type TrackActions = {
  onAdd?: (track: Track) => void;
  onPlayNext?: (track: Track) => void;
  /** Signed-in only; a guest gets onNeedsAccount instead. */
  onLike?: (track: Track, liked: boolean) => void;
  likedIds?: ReadonlySet<string>;
  playlists?: PlaylistSummary[];
  onAddToPlaylist?: (playlistId: string, track: Track) => void;
  onNeedsAccount?: (what: string) => void;
  onPreview?: (track: Track) => void;
};

export function TrackRow(props: { track: Track } & TrackActions) {
  const t = () => props.track;
  const liked = () => !!props.likedIds?.has(t().videoId);
  const like = () => (props.onLike ? props.onLike(t(), !liked()) : props.onNeedsAccount?.('like songs'));
  return (
    <li class="queue-row">
      <Thumb src={t().thumbnailUrl} />
      <div class="row-text">
        <span class="row-title">{t().title}</span>
        <span class="row-sub">
          {t().artist}
          {t().album ? ` · ${t().album}` : ''}
        </span>
      </div>
      <span class="row-duration">{formatDuration(t().durationS)}</span>
      <Show when={props.onPreview}>
        <button class="icon-btn" type="button" aria-label={`Preview ${t().title} on your own`} onClick={() => props.onPreview!(t())}>
          <Icon name="play" />
        </button>
      </Show>
      <Show when={props.onPlayNext}>
        <button class="icon-btn" type="button" aria-label={`Play ${t().title} next`} onClick={() => props.onPlayNext!(t())}>
          <Icon name="playNext" />
        </button>
      </Show>
      <Show when={props.onAdd}>
        <button class="icon-btn" type="button" aria-label={`Add ${t().title} to the queue`} onClick={() => props.onAdd!(t())}>
          <Icon name="add" />
        </button>
      </Show>
      <Show when={props.onLike || props.onNeedsAccount}>
        <button class="icon-btn" classList={{ liked: liked() }} type="button" aria-label={`Like ${t().title}`} aria-pressed={liked()} onClick={like}>
          <Icon name="heart" filled={liked()} />
        </button>
      </Show>
      <Show when={props.playlists?.length && props.onAddToPlaylist}>
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
