// The current track with its controls. The progress bar is a range input: draggable by mouse and touch,
// arrow keys by keyboard; it only sends the seek when released, and only for those who may control.
import { createSignal, Show, type JSX } from 'solid-js';
import type { PlayerState, PlayerTrack } from '../player/audio-controller.ts';
import type { RoomCommand } from '../player/types.ts';
import { formatDuration, Icon, Thumb } from './icons.tsx';
import { VolumeControl } from './PlayerBar.tsx';

export type NowPlayingProps = {
  player: PlayerState;
  canControl: boolean;
  /** Up Next has something: Play can start it even when nothing is current. */
  hasQueue?: boolean;
  skipVotes?: { needed: number; count?: number };
  onCommand: (command: RoomCommand) => void;
  onTapToListen: () => void;
  onDetach: () => void;
  onRejoin: () => void;
  onLocalToggle: () => void;
  onLocalSeek: (positionMs: number) => void;
  /** Shown under the controls, inside the card (reactions). */
  children?: JSX.Element;
};

export function NowPlaying(props: NowPlayingProps) {
  const [dragMs, setDragMs] = createSignal<number | null>(null);
  const track = (): PlayerTrack | null => props.player.track;
  const solo = () => props.player.mode === 'solo';
  const mayControl = () => solo() || props.canControl;
  const durationMs = () => (track()?.durationS ?? 0) * 1000;
  const shownMs = () => Math.min(dragMs() ?? props.player.positionMs, durationMs());

  const toggle = () => (solo() ? props.onLocalToggle() : props.onCommand({ type: props.player.playing ? 'pause' : 'play' }));
  const seek = (ms: number) => (solo() ? props.onLocalSeek(ms) : props.onCommand({ type: 'seek', positionMs: ms }));

  return (
    <section class="now-playing panel" aria-label="Now playing">
      <Show when={track()} fallback={<p class="empty">Nothing is playing. Add a song and press play.</p>}>
        {(t) => (
          <>
            <div class="np-main">
              <Thumb src={t().thumbnailUrl} size={96} />
              <div class="np-text">
                <p class="np-title">{t().title}</p>
                <p class="np-artist">{t().artist}</p>
                <Show when={solo()}>
                  <p class="badge solo">Listening on your own</p>
                </Show>
              </div>
            </div>
            <div class="progress">
              <span class="time" aria-hidden="true">{formatDuration(shownMs() / 1000)}</span>
              <input
                type="range"
                aria-label="Position in track"
                aria-valuetext={`${formatDuration(shownMs() / 1000)} of ${formatDuration(durationMs() / 1000)}`}
                min="0"
                max={durationMs()}
                step="1000"
                value={shownMs()}
                disabled={!mayControl()}
                onInput={(e) => setDragMs(Number(e.currentTarget.value))}
                onChange={(e) => {
                  seek(Number(e.currentTarget.value));
                  setDragMs(null);
                }}
              />
              <span class="time" aria-hidden="true">{formatDuration(durationMs() / 1000)}</span>
            </div>
          </>
        )}
      </Show>
      <div class="controls">
        <button class="icon-btn" type="button" aria-label="Previous" disabled={!props.canControl || solo()} onClick={() => props.onCommand({ type: 'previous' })}>
          <Icon name="previous" filled />
        </button>
        <button class="icon-btn big" type="button" aria-label={props.player.playing ? 'Pause' : 'Play'} disabled={!mayControl() || (!track() && !props.hasQueue)} onClick={toggle}>
          <Icon name={props.player.playing ? 'pause' : 'play'} filled />
        </button>
        <button class="icon-btn" type="button" aria-label="Next" disabled={!props.canControl || solo()} onClick={() => props.onCommand({ type: 'next' })}>
          <Icon name="next" filled />
        </button>
        <Show when={props.skipVotes && !props.canControl && !solo()}>
          <button class="btn ghost" type="button" title="One vote per account; guests on one network count as one vote" onClick={() => props.onCommand({ type: 'skipVote' })}>
            Vote to skip ({props.skipVotes!.count ?? 0}/{props.skipVotes!.needed})
          </button>
        </Show>
        <span class="spacer" />
        <VolumeControl />
        <Show when={solo()} fallback={<button class="btn ghost" type="button" onClick={() => props.onDetach()}>Listen on my own</button>}>
          <button class="btn" type="button" onClick={() => props.onRejoin()}>Back to the room</button>
        </Show>
      </div>
      {props.children}
      <Show when={props.player.needsTap}>
        <button class="btn primary tap" type="button" onClick={() => props.onTapToListen()}>
          Tap to listen
        </button>
      </Show>
      <p class="np-status" role="status">
        {props.player.error ?? (props.player.buffering ? 'Loading the music…' : '')}
      </p>
    </section>
  );
}
