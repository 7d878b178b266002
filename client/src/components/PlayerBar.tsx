// The player on every page while something plays: the song, play/pause and next (for those who may
// control the room; the others see the state), the way back to the room, volume, and "Leave room".
import { A } from '@solidjs/router';
import { createUniqueId, Show } from 'solid-js';
import type { Listening } from '../listening/current.ts';
import { volume } from '../player/volume.ts';
import { Icon, Thumb } from './icons.tsx';

const SPEAKER = 'M4 9v6h4l5 4V5L8 9z';
const WAVES = 'M16 9a4 4 0 0 1 0 6M19 6a8 8 0 0 1 0 12';
const CROSS = 'M16 9l5 6M21 9l-5 6';

function SpeakerIcon(props: { off: boolean }) {
  return (
    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
      <path d={`${SPEAKER}${props.off ? CROSS : WAVES}`} />
    </svg>
  );
}

/** Mute and the volume slider (0–100); the same setting everywhere (player/volume.ts). */
export function VolumeControl() {
  const id = createUniqueId();
  return (
    <div class="volume">
      <button class="icon-btn" type="button" aria-label="Mute" aria-pressed={volume.muted()} onClick={() => volume.toggleMute()}>
        <SpeakerIcon off={volume.muted() || volume.level() === 0} />
      </button>
      <input
        id={id}
        type="range"
        aria-label="Volume"
        aria-valuetext={volume.muted() ? `${volume.level()}%, muted` : `${volume.level()}%`}
        min="0"
        max="100"
        step="5"
        value={volume.level()}
        onInput={(e) => volume.set(Number(e.currentTarget.value))}
      />
    </div>
  );
}

export function PlayerBar(props: { listening: Listening; onLeave: () => void }) {
  const player = () => props.listening.player();
  const room = () => props.listening.room;
  const solo = () => player().mode === 'solo';
  const mayControl = () => solo() || !!room()?.canControl();
  const track = () => player().track;
  const toggle = () => (solo() ? props.listening.controller.toggleLocal() : room()?.command({ type: player().playing ? 'pause' : 'play' }));
  const progress = () => {
    const durationMs = (track()?.durationS ?? 0) * 1000;
    return durationMs ? `${Math.min(100, (player().positionMs / durationMs) * 100)}%` : '0%';
  };
  const status = () => room()?.fatal() ?? player().error ?? (player().buffering ? 'Loading the music…' : '');

  return (
    <section class="player-bar" classList={{ solo: solo() && !!room() }} aria-label="Player">
      <div class="pb-progress" aria-hidden="true">
        <span style={{ width: progress() }} />
      </div>
      <div class="pb-track">
        <Thumb src={track()?.thumbnailUrl} size={44} />
        <div class="pb-text">
          <p class="pb-title">{track()?.title ?? 'Nothing playing'}</p>
          <p class="pb-sub">
            {status() || track()?.artist || (room()?.hasQueue() ? 'Up Next is waiting' : 'Add a song to the room')}
            <Show when={solo()}>
              <span class="badge solo">{room() ? 'On your own' : 'Preview'}</span>
            </Show>
            <Show when={room() && !room()!.online()}>
              <span class="badge">offline</span>
            </Show>
          </p>
        </div>
      </div>
      <div class="pb-controls">
        <Show
          when={!player().needsTap}
          fallback={
            <button class="btn primary small" type="button" onClick={() => void props.listening.controller.tapToListen()}>
              Tap to listen
            </button>
          }
        >
          <Show when={mayControl()} fallback={<p class="pb-state">{player().playing ? 'Playing' : 'Paused'}</p>}>
            <button class="icon-btn big" type="button" aria-label={player().playing ? 'Pause' : 'Play'} disabled={!track() && !room()?.hasQueue()} onClick={toggle}>
              <Icon name={player().playing ? 'pause' : 'play'} filled />
            </button>
          </Show>
        </Show>
        <Show when={!solo() && room()?.canControl()}>
          <button class="icon-btn" type="button" aria-label="Next" disabled={!track()} onClick={() => room()?.command({ type: 'next' })}>
            <Icon name="next" filled />
          </button>
        </Show>
      </div>
      <div class="pb-room">
        <Show when={room()} keyed>
          {(r) => (
            <>
              <A class="pb-link" href={`/r/${r.code}`}>
                <span aria-hidden="true">♫ </span>
                <span class="sr-only">Back to</span> {r.name()}
              </A>
              <Show when={solo()}>
                <button class="btn ghost small" type="button" onClick={() => props.listening.controller.rejoin()}>
                  Back to the room
                </button>
              </Show>
            </>
          )}
        </Show>
      </div>
      <VolumeControl />
      <button class="btn ghost small pb-leave" type="button" onClick={() => props.onLeave()}>
        {room() ? 'Leave room' : 'Stop preview'}
      </button>
    </section>
  );
}
