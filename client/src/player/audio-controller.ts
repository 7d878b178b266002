// One audible <audio> element per tab, kept on the room's timeline by the drift corrector. A second,
// silent element preloads the next track so the change of track is a swap, not a fresh download.
import { decide, initialDriftState, roomPositionMs, type Decision, type DriftState } from './drift.ts';
import { setMediaActions, setMediaMetadata, setMediaPosition } from './media-session.ts';
import type { Track } from '../../../shared/api/track.ts';
import type { Playback, RoomCommand } from './types.ts';

export type PlayerTrack = Track & { entryId: string };

export type PlayerState = {
  /** 'room' follows the room; 'solo' is "listen on my own". */
  mode: 'room' | 'solo';
  /** The browser blocked autoplay: show one "tap to listen" control. */
  needsTap: boolean;
  buffering: boolean;
  error: string | null;
  playing: boolean;
  positionMs: number;
  track: PlayerTrack | null;
};

export type AudioControllerOptions = {
  container: HTMLElement;
  serverNowMs: () => number;
  streamUrl: (videoId: string) => string;
  onState: (state: PlayerState) => void;
  onCommand: (command: RoomCommand) => void;
  tickMs?: number;
};

const STREAM_FAILED = 'This track cannot be played right now. The room keeps going.';
/** First guess of how long an element takes from play() to moving (learned per tab from each start). */
const START_LATENCY_MS = 80;
const MAX_START_LATENCY_MS = 400;
/** The first reading this long after a start tells how late (or early) the start was. */
const START_CHECK_AFTER_MS = 150;

const sameClock = (a: Playback, b: Playback) => a.entryId === b.entryId && a.status === b.status && a.positionMs === b.positionMs && a.atServerMs === b.atServerMs;

export class AudioController {
  private active: HTMLAudioElement;
  private standby: HTMLAudioElement;
  private drift: DriftState = initialDriftState();
  private playback: Playback | null = null;
  private current: PlayerTrack | null = null;
  private next: PlayerTrack | null = null;
  private soloTrack: PlayerTrack | null = null;
  private mode: 'room' | 'solo' = 'room';
  private needsTap = false;
  /** A play() is in flight: no second one (each would re-seek) until it settles. */
  private playPending = false;
  private startTimer: ReturnType<typeof setTimeout> | null = null;
  private ticker: ReturnType<typeof setInterval>;
  private failedEntryId: string | null = null;
  /** How long play() takes to get this tab's element moving; scheduled starts call play() this much early. */
  private startLatencyMs = START_LATENCY_MS;
  /** A scheduled start this tab began early (pre-rolled): left alone until its time, then measured. */
  private preroll: { entryId: string; atServerMs: number } | null = null;
  private handoverTimer: ReturnType<typeof setTimeout> | null = null;
  private buffering = false;
  private muted = false;
  private cleanup: (() => void)[] = [];

  constructor(private readonly opts: AudioControllerOptions) {
    this.active = this.makeElement('active');
    this.standby = this.makeElement('standby');
    this.ticker = setInterval(() => this.tick(), opts.tickMs ?? 250);
    setMediaActions({
      play: () => (this.mode === 'solo' ? void this.active.play().catch(() => {}) : opts.onCommand({ type: 'play' })),
      pause: () => (this.mode === 'solo' ? this.active.pause() : opts.onCommand({ type: 'pause' })),
      next: () => opts.onCommand({ type: 'next' }),
      previous: () => opts.onCommand({ type: 'previous' }),
      seekTo: (ms) => (this.mode === 'solo' ? this.seekLocal(ms) : opts.onCommand({ type: 'seek', positionMs: ms })),
    });
  }

  private makeElement(role: 'active' | 'standby'): HTMLAudioElement {
    const el = document.createElement('audio');
    el.preload = 'auto';
    // Drift nudges resample instead of time-stretching: exact, where Chromium's pitch-preserving stretcher
    // costs ~22 ms each time the rate leaves 1 (drift.ts). Nudges stay within ±2 %.
    el.preservesPitch = false;
    el.dataset.role = role;
    const on = (type: string, fn: () => void) => {
      el.addEventListener(type, fn);
      this.cleanup.push(() => el.removeEventListener(type, fn));
    };
    on('waiting', () => el === this.active && this.setBuffering(true));
    on('playing', () => el === this.active && this.setBuffering(false));
    on('canplay', () => el === this.active && this.setBuffering(false));
    on('error', () => el === this.active && this.onStreamError());
    on('ended', () => el === this.active && this.onEnded());
    this.opts.container.append(el);
    return el;
  }

  /** The room document changed: current and next entries and the playback clock. */
  setRoom(current: PlayerTrack | null, next: PlayerTrack | null, playback: Playback | null): void {
    this.playback = playback;
    this.current = current;
    this.next = next;
    if (this.mode === 'room') this.load(current);
    this.prefetch(next);
    setMediaMetadata(this.mode === 'room' ? current : this.soloTrack);
    this.tick();
  }

  private load(track: PlayerTrack | null): void {
    const entryId = track?.entryId ?? '';
    if (this.active.dataset.entryId === entryId) return;
    if (track && this.standby.dataset.entryId === entryId) {
      // Prefetched: swap roles so the buffered element plays.
      [this.active, this.standby] = [this.standby, this.active];
      this.active.dataset.role = 'active';
      this.standby.dataset.role = 'standby';
      this.standby.pause();
    } else {
      this.active.pause();
      this.setSource(this.active, track);
    }
    this.active.playbackRate = 1;
    this.drift = { ...initialDriftState(), seekLeadMs: this.drift.seekLeadMs };
    this.failedEntryId = null;
    this.buffering = false;
  }

  private prefetch(track: PlayerTrack | null): void {
    if (!track || this.standby.dataset.entryId === track.entryId || this.active.dataset.entryId === track.entryId) return;
    this.setSource(this.standby, track);
    this.standby.load();
  }

  private setSource(el: HTMLAudioElement, track: PlayerTrack | null): void {
    el.dataset.entryId = track?.entryId ?? '';
    if (track) el.src = this.opts.streamUrl(track.videoId);
    else el.removeAttribute('src');
  }

  private tick(): void {
    if (this.mode === 'room') this.follow();
    this.emit();
  }

  private follow(): void {
    const pb = this.playback;
    const track = this.current;
    if (!pb || !track || pb.entryId !== track.entryId || !this.active.src || this.failedEntryId === track.entryId) {
      if (!this.active.paused) this.active.pause();
      return;
    }
    const now = this.opts.serverNowMs();
    if (this.preroll && (this.preroll.entryId !== track.entryId || this.preroll.atServerMs !== pb.atServerMs || pb.status !== 'playing')) this.preroll = null;
    if (this.preroll && now < this.preroll.atServerMs) return; // started early on purpose: it starts moving on time
    const reading = {
      positionMs: this.active.currentTime * 1000,
      paused: this.active.paused,
      playbackRate: this.active.playbackRate,
      busy: this.active.seeking || (!this.active.paused && this.active.readyState < 3),
    };
    if (this.preroll && !reading.paused && !reading.busy && now >= this.preroll.atServerMs + START_CHECK_AFTER_MS) {
      // Late by x ms: call play() x ms earlier next time (half the step, so one odd start does not swing it).
      const errorMs = reading.positionMs - roomPositionMs(pb, now);
      if (Math.abs(errorMs) < 300) this.startLatencyMs = Math.max(0, Math.min(MAX_START_LATENCY_MS, Math.round(this.startLatencyMs - errorMs / 2)));
      this.preroll = null;
    }
    const { decision, state } = decide(pb, now, reading, this.drift);
    this.drift = state;
    this.apply(decision, track);
    this.scheduleHandover(pb, track, now);
  }

  /**
   * Near the end of a track, the prefetched next one is started so that it moves exactly when this one ends
   * on the room clock (the server starts the next entry then: track-end advances are gapless), instead of
   * after an 'ended' event and a start latency.
   */
  private scheduleHandover(pb: Playback, track: PlayerTrack, now: number): void {
    const next = this.next;
    if (this.handoverTimer || pb.status !== 'playing' || !next || this.standby.dataset.entryId !== next.entryId || this.needsTap) return;
    const endAtMs = pb.atServerMs + Math.max(0, track.durationS * 1000 - pb.positionMs);
    const inMs = endAtMs - this.startLatencyMs - now;
    if (inMs > 1000 || inMs < -200) return;
    this.handoverTimer = setTimeout(() => {
      this.handoverTimer = null;
      const still = this.mode === 'room' && this.current?.entryId === track.entryId && this.next?.entryId === next.entryId && !!this.playback && sameClock(this.playback, pb);
      if (!still || this.standby.dataset.entryId !== next.entryId) return;
      const old = this.active;
      this.current = next;
      this.playback = { ...pb, entryId: next.entryId, positionMs: 0, atServerMs: endAtMs };
      this.load(next);
      this.startEarly(0, { entryId: next.entryId, atServerMs: endAtMs });
      // The old element plays its last moment, then stops (a stream longer than its listed duration must not overlap).
      setTimeout(() => { if (old !== this.active) old.pause(); }, this.startLatencyMs + 20);
    }, Math.max(0, inMs));
  }

  /** play() now from fromMs, so the element moves at `at` (a start latency from now). */
  private startEarly(fromMs: number, at: { entryId: string; atServerMs: number }): void {
    const el = this.active;
    if (Math.abs(el.currentTime * 1000 - fromMs) > 1) el.currentTime = fromMs / 1000;
    el.playbackRate = 1;
    this.preroll = at;
    this.drift = { ...this.drift, nudging: false, checkSeek: false, smoothedMs: null };
    this.playPending = true;
    el.play()
      .then(() => this.setNeedsTap(false), (err: Error) => {
        this.preroll = null;
        if (err.name === 'NotAllowedError') this.setNeedsTap(true);
      })
      .finally(() => (this.playPending = false));
  }

  private apply(d: Decision, track: PlayerTrack): void {
    const el = this.active;
    const durationMs = track.durationS * 1000;
    switch (d.kind) {
      case 'rate':
        el.playbackRate = d.rate;
        break;
      case 'seek':
        if (durationMs && d.toMs >= durationMs) break; // the server is about to move on
        el.currentTime = d.toMs / 1000;
        break;
      case 'pause':
        el.pause();
        el.playbackRate = 1;
        if (d.atMs !== null) el.currentTime = d.atMs / 1000;
        break;
      case 'play':
        if (this.needsTap || this.playPending || (durationMs && d.fromMs >= durationMs)) break;
        el.currentTime = d.fromMs / 1000;
        el.playbackRate = 1;
        this.playPending = true;
        el.play()
          .then(
            () => this.setNeedsTap(false),
            (err: Error) => {
              if (err.name === 'NotAllowedError') this.setNeedsTap(true);
            },
          )
          .finally(() => (this.playPending = false));
        break;
      case 'wait': {
        // Be paused at the start position until the room's start (a resume must not replay what came before
        // it), then call play() one start latency early so the element moves on time.
        if (!el.paused) el.pause();
        el.playbackRate = 1;
        if (!el.seeking && Math.abs(el.currentTime * 1000 - d.fromMs) > 1) el.currentTime = d.fromMs / 1000;
        const inMs = d.startInMs - this.startLatencyMs;
        if (this.startTimer || inMs > 1000 || this.needsTap) break;
        const pb = this.playback!;
        this.startTimer = setTimeout(() => {
          this.startTimer = null;
          const still = this.mode === 'room' && !!this.playback && sameClock(this.playback, pb) && this.current?.entryId === track.entryId;
          if (still && !this.playPending) this.startEarly(d.fromMs, { entryId: track.entryId, atServerMs: pb.atServerMs });
          else this.tick();
        }, Math.max(0, inMs));
        break;
      }
    }
  }

  private onEnded(): void {
    // Start the prefetched next track when this one ends on the room clock (the server starts the next entry
    // exactly then, track-end advances being gapless); its transition, arriving a moment later, only confirms it.
    const pb = this.playback;
    const ended = this.current;
    if (this.mode !== 'room' || pb?.status !== 'playing' || !this.next || !ended) return;
    if (this.standby.dataset.entryId !== this.next.entryId) return;
    const next = this.next;
    this.current = next;
    this.playback = { ...pb, entryId: next.entryId, positionMs: 0, atServerMs: pb.atServerMs + Math.max(0, ended.durationS * 1000 - pb.positionMs) };
    this.load(next);
    this.tick();
  }

  private onStreamError(): void {
    this.failedEntryId = this.active.dataset.entryId ?? null;
    this.buffering = false;
    this.emit();
  }

  private setBuffering(on: boolean): void {
    if (this.buffering === on) return;
    this.buffering = on;
    this.emit();
  }

  private setNeedsTap(on: boolean): void {
    if (this.needsTap === on) return;
    this.needsTap = on;
    this.emit();
  }

  /** Called from a user gesture: the browser now allows playing. */
  async tapToListen(): Promise<void> {
    this.needsTap = false;
    try {
      // Any play() inside the gesture unlocks the element; the corrector then positions it.
      await this.active.play();
      this.standby.muted = true;
      await this.standby.play().catch(() => {});
      this.standby.pause();
      this.standby.muted = this.muted;
    } catch {
      /* follow() below decides again */
    }
    this.drift = { ...this.drift, nudging: false };
    if (this.mode === 'room') this.active.pause();
    this.tick();
  }

  /** "Listen on my own": stop following the room; optionally preview another track. */
  detach(preview?: PlayerTrack): void {
    this.mode = 'solo';
    this.active.playbackRate = 1;
    if (preview) {
      this.soloTrack = preview;
      this.active.pause();
      this.setSource(this.active, preview);
      this.active.play().catch(() => {});
    } else {
      this.soloTrack = this.current;
    }
    setMediaMetadata(this.soloTrack);
    this.emit();
  }

  /** "Back to the room": snap to the room's track and position. */
  rejoin(): void {
    this.mode = 'room';
    this.soloTrack = null;
    if (this.active.dataset.entryId !== (this.current?.entryId ?? '')) this.active.pause();
    this.load(this.current);
    this.drift = { ...this.drift, nudging: false };
    setMediaMetadata(this.current);
    this.tick();
  }

  toggleLocal(): void {
    if (this.active.paused) this.active.play().catch(() => {});
    else this.active.pause();
    this.emit();
  }

  seekLocal(positionMs: number): void {
    this.active.currentTime = Math.max(0, positionMs) / 1000;
    this.emit();
  }

  setVolume(volume: number): void {
    this.active.volume = this.standby.volume = Math.max(0, Math.min(1, volume));
  }

  get volume(): number {
    return this.active.volume;
  }

  /** Mutes both elements (the volume is kept for when it is unmuted). */
  setMuted(muted: boolean): void {
    this.muted = muted;
    this.active.muted = this.standby.muted = muted;
  }

  private emit(): void {
    const track = this.mode === 'room' ? this.current : this.soloTrack;
    const inRoom = this.mode === 'room' && this.playback && track && this.playback.entryId === track.entryId;
    const positionMs = inRoom ? Math.max(0, roomPositionMs(this.playback!, this.opts.serverNowMs())) : this.active.currentTime * 1000;
    const playing = inRoom ? this.playback!.status === 'playing' : !this.active.paused;
    const failed = !!track && this.failedEntryId === track.entryId;
    this.opts.onState({ mode: this.mode, needsTap: this.needsTap, buffering: this.buffering && !failed, error: failed ? STREAM_FAILED : null, playing, positionMs, track });
    setMediaPosition(positionMs, (track?.durationS ?? 0) * 1000, playing);
  }

  destroy(): void {
    clearInterval(this.ticker);
    if (this.startTimer) clearTimeout(this.startTimer);
    if (this.handoverTimer) clearTimeout(this.handoverTimer);
    for (const fn of this.cleanup) fn();
    for (const el of [this.active, this.standby]) {
      el.pause();
      el.removeAttribute('src');
      el.remove();
    }
    setMediaActions(null);
    setMediaMetadata(null);
  }
}
