// A titled row of cover cards: scrolls sideways on phones, a grid on wide screens.
import { For, type JSX } from 'solid-js';
import type { Track } from '../api/types.ts';
import './cards.css';
import { CoverCard } from './CoverCard.tsx';
import type { TrackActions } from './TrackList.tsx';

export const CARDS_PER_SHELF = 12;

let shelfCount = 0;

export function Shelf(props: { title: string; tracks: Track[]; more?: JSX.Element } & TrackActions) {
  const titleId = `shelf-${++shelfCount}`;
  return (
    <section class="shelf" aria-labelledby={titleId}>
      <div class="shelf-head">
        <h2 id={titleId} class="shelf-title">{props.title}</h2>
        {props.more}
      </div>
      <ul class="cards" aria-label={props.title}>
        <For each={props.tracks}>{(track) => <CoverCard {...props} track={track} />}</For>
      </ul>
    </section>
  );
}

/**
 * Shelves as a listener tells them apart: each keeps at most `perShelf` songs that no shelf above it shows;
 * a shelf left with none is dropped.
 */
export function distinctShelves<S extends { tracks: Track[] }>(shelves: readonly S[], perShelf = CARDS_PER_SHELF): S[] {
  const shown = new Set<string>();
  return shelves.flatMap((shelf) => {
    const tracks = shelf.tracks.filter((t) => !shown.has(t.videoId)).filter((t, i, list) => list.findIndex((u) => u.videoId === t.videoId) === i).slice(0, perShelf);
    for (const t of tracks) shown.add(t.videoId);
    return tracks.length ? [{ ...shelf, tracks }] : [];
  });
}
