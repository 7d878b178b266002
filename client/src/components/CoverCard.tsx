// A track as a cover card for shelves: the cover (its play button previews on my own), title, artist, and
// the track's own buttons (add to the room I am in, play next there, like).
import { Show } from 'solid-js';
import type { Track } from '../api/types.ts';
import './cards.css';
import { Icon } from './icons.tsx';
import { TrackButtons, type TrackActions } from './TrackList.tsx';

export function CoverCard(props: { track: Track } & TrackActions) {
  const t = () => props.track;
  return (
    <li class="card">
      <div class="card-cover">
        <Show when={t().thumbnailUrl} fallback={<span class="card-blank" aria-hidden="true">♪</span>}>
          <img src={t().thumbnailUrl!} alt="" loading="lazy" decoding="async" />
        </Show>
        <Show when={props.onPreview}>
          <button class="card-play" type="button" aria-label={`Preview ${t().title} on your own`} onClick={() => props.onPreview!(t())}>
            <Icon name="play" filled />
          </button>
        </Show>
      </div>
      <span class="card-title" title={t().title}>{t().title}</span>
      <span class="card-sub" title={t().artist}>{t().artist}</span>
      <div class="card-actions">
        <TrackButtons {...props} withPreview={false} withPlaylists={false} />
      </div>
    </li>
  );
}
