// The home page's music: my liked songs, then the catalog's shelves, as rows of cover cards. No song shows on
// two of them (the server keeps its shelves apart; the liked row and the personal shelves are checked here).
import { A } from '@solidjs/router';
import { createEffect, createMemo, createResource, For } from 'solid-js';
import { catalog, library } from '../../api/endpoints.ts';
import type { Shelf as ShelfData } from '../../api/types.ts';
import { CARDS_PER_SHELF, distinctShelves, Shelf } from '../../components/Shelf.tsx';
import { createTrackActions } from '../../components/track-actions.ts';
import { session } from '../../state/session.ts';

export function HomeShelves() {
  const songs = createTrackActions();
  const [catalogShelves] = createResource(() => catalog.home().catch((): ShelfData[] => []));
  const [liked] = createResource(() => session.user()?.id, () => library.liked(null, CARDS_PER_SHELF).then((r) => r.tracks, () => []));
  const shelves = createMemo(() =>
    distinctShelves([
      ...(session.user() && liked()?.length ? [{ id: 'liked', title: 'Liked songs', tracks: liked()! }] : []),
      ...(catalogShelves() ?? []),
    ]),
  );
  createEffect(() => songs.lookUpLikes(shelves().flatMap((s) => s.tracks)));

  return (
    <div class="shelves">
      <For each={shelves()}>
        {(shelf) => (
          <Shelf
            {...songs.actions}
            title={shelf.title}
            tracks={shelf.tracks}
            more={shelf.id === 'liked' ? <A class="shelf-more" href="/library">All liked songs</A> : undefined}
          />
        )}
      </For>
      <p class="action-note" role="status">{songs.note()}</p>
    </div>
  );
}
