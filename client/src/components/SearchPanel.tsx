// Search as you type: suggestions in a combobox, a filter (songs, videos, albums, playlists, artists),
// results with the actions the host page gives. Works inside the room and on its own page.
import { createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { errorMessage } from '../api/client.ts';
import type { Collection, SearchFilter, SearchResult, Track } from '../api/types.ts';
import { Icon, Thumb } from './icons.tsx';
import { TrackList, type TrackActions } from './TrackList.tsx';

const filters: [SearchFilter, string][] = [
  ['songs', 'Songs'],
  ['videos', 'Videos'],
  ['albums', 'Albums'],
  ['playlists', 'Playlists'],
  ['artists', 'Artists'],
];

export type SearchPanelProps = TrackActions & {
  search: (q: string, filter: SearchFilter, signal: AbortSignal) => Promise<SearchResult>;
  suggest: (q: string, signal: AbortSignal) => Promise<string[]>;
  /** Opens an album, playlist or artist in place; its tracks get the same actions. */
  openCollection?: (id: string, signal: AbortSignal) => Promise<{ tracks: Track[] }>;
  /** Adds every track of an opened collection. */
  onAddAll?: (tracks: Track[]) => void;
  /** Called with each new set of track results (e.g. to look up which are liked). */
  onResults?: (tracks: Track[]) => void;
  initialQuery?: string;
  idPrefix?: string;
};

function debounced(fn: () => void, ms: number) {
  let t: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(t));
  return () => {
    clearTimeout(t);
    t = setTimeout(fn, ms);
  };
}

export function SearchPanel(props: SearchPanelProps) {
  const id = (s: string) => `${props.idPrefix ?? 'search'}-${s}`;
  const [query, setQuery] = createSignal(props.initialQuery ?? '');
  const [filter, setFilter] = createSignal<SearchFilter>('songs');
  const [suggestions, setSuggestions] = createSignal<string[]>([]);
  const [listOpen, setOpen] = createSignal(false);
  const [active, setActive] = createSignal(-1);
  const [result, setResult] = createSignal<SearchResult | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal('');
  const [opened, setOpened] = createSignal<{ collection: Collection; tracks: Track[] } | null>(null);
  let suggestAbort: AbortController | undefined;
  let searchAbort: AbortController | undefined;
  onCleanup(() => (suggestAbort?.abort(), searchAbort?.abort()));

  const runSuggest = debounced(async () => {
    suggestAbort?.abort();
    const q = query().trim();
    if (q.length < 2) return setSuggestions([]);
    suggestAbort = new AbortController();
    try {
      setSuggestions((await props.suggest(q, suggestAbort.signal)).slice(0, 8));
    } catch {
      setSuggestions([]); // suggestions are a convenience; the search itself reports errors
    }
  }, 120);

  const open = async (c: Collection) => {
    searchAbort?.abort();
    const controller = (searchAbort = new AbortController());
    setLoading(true);
    setError('');
    try {
      const { tracks } = await props.openCollection!(c.id, controller.signal);
      setOpened({ collection: c, tracks });
      props.onResults?.(tracks);
    } catch (err) {
      if ((err as Error).name !== 'AbortError') setError(errorMessage(err));
    } finally {
      if (searchAbort === controller) setLoading(false);
    }
  };

  const runSearch = async () => {
    setOpened(null);
    searchAbort?.abort();
    const q = query().trim();
    if (!q) return setResult(null);
    const controller = (searchAbort = new AbortController());
    setLoading(true);
    setError('');
    try {
      const r = await props.search(q, filter(), controller.signal);
      if (!controller.signal.aborted) {
        setResult(r);
        props.onResults?.(r.tracks);
      }
    } catch (err) {
      if ((err as Error).name !== 'AbortError') setError(errorMessage(err));
    } finally {
      if (searchAbort === controller) setLoading(false);
    }
  };
  const searchSoon = debounced(runSearch, 300);
  // Back online after a failed search: search again rather than leave "Cannot reach the server" standing.
  const retryOnline = () => { if (error() && query().trim()) void runSearch(); };
  window.addEventListener('online', retryOnline);
  onCleanup(() => window.removeEventListener('online', retryOnline));

  createEffect(on(filter, () => void runSearch(), { defer: true }));
  if (props.initialQuery) void runSearch();

  const pick = (text: string) => {
    setQuery(text);
    setOpen(false);
    setActive(-1);
    void runSearch();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const list = suggestions();
    if (e.key === 'ArrowDown' && list.length) {
      e.preventDefault();
      setOpen(true);
      setActive((i) => (i + 1) % list.length);
    } else if (e.key === 'ArrowUp' && list.length) {
      e.preventDefault();
      setActive((i) => (i <= 0 ? list.length - 1 : i - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      pick(listOpen() && active() >= 0 ? list[active()] : query());
    } else if (e.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <div class="search" data-owns-keys>
      <div class="combo">
        <Icon name="search" />
        <input
          id={id('input')}
          type="search"
          role="combobox"
          aria-label="Search songs, artists, albums"
          aria-autocomplete="list"
          aria-expanded={listOpen() && suggestions().length > 0}
          aria-controls={id('suggestions')}
          aria-activedescendant={active() >= 0 ? id(`s${active()}`) : undefined}
          autocomplete="off"
          placeholder="Search songs, artists, albums"
          value={query()}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setOpen(true);
            setActive(-1);
            runSuggest();
            searchSoon();
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
        />
        <ul id={id('suggestions')} role="listbox" class="suggestions" hidden={!listOpen() || !suggestions().length}>
          <For each={suggestions()}>
            {(s, i) => (
              <li id={id(`s${i()}`)} role="option" aria-selected={active() === i()} onMouseDown={(e) => (e.preventDefault(), pick(s))}>
                {s}
              </li>
            )}
          </For>
        </ul>
      </div>
      <div class="filters" role="radiogroup" aria-label="Show">
        <For each={filters}>
          {([value, label]) => (
            <label class="chip" classList={{ on: filter() === value }}>
              <input type="radio" name={id('filter')} value={value} checked={filter() === value} onChange={() => setFilter(value)} />
              {label}
            </label>
          )}
        </For>
      </div>
      <p class="np-status" role="status">
        {error() || (loading() ? 'Searching…' : result() && !result()!.tracks.length && !result()!.collections.length ? 'No results. Try other words.' : '')}
      </p>
      <Show
        when={opened()}
        fallback={
          <>
            <Show when={result()?.tracks.length}>
              <TrackList {...props} tracks={result()!.tracks} label="Search results" />
            </Show>
            <Show when={result()?.collections.length}>
              <ul class="queue" aria-label="Search results">
                <For each={result()!.collections}>
                  {(c) => (
                    <li class="queue-row">
                      <Thumb src={c.thumbnailUrl} />
                      <div class="row-text">
                        <span class="row-title">{c.name}</span>
                        <span class="row-sub">{[c.kind, c.artist, c.trackCount ? `${c.trackCount} songs` : ''].filter(Boolean).join(' · ')}</span>
                      </div>
                      <Show when={props.openCollection}>
                        <button class="btn ghost" type="button" aria-label={`Open ${c.name}`} onClick={() => void open(c)}>
                          Open
                        </button>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        }
      >
        {(o) => (
          <div class="collection">
            <div class="add-bar">
              <button class="btn ghost" type="button" onClick={() => setOpened(null)}>
                ← Results
              </button>
              <h3 class="row-title">{o().collection.name}</h3>
              <Show when={props.onAddAll && o().tracks.length}>
                <button class="btn" type="button" onClick={() => props.onAddAll!(o().tracks)}>
                  Add all {o().tracks.length}
                  {props.addTarget ? ` to ${props.addTarget}` : ''}
                </button>
              </Show>
            </div>
            <TrackList {...props} tracks={o().tracks} label={`${o().collection.name} tracks`} />
          </div>
        )}
      </Show>
    </div>
  );
}
