// Keeps one <audio> element on the room's timeline. Pure: given the room clock, the server time and what
// the element reports, decide what to do this tick. The controller applies the decision.
//
// Thresholds (why these numbers):
// - The aim is ≤ 10 ms between two listeners in steady play, so each tab holds within a few ms of the room
//   clock. One reading of audio.currentTime can jitter (timer jitter, a busy renderer), so the corrector
//   acts on a smoothed error (an exponential average over ~1 s of ticks), not on one reading.
// - Nudges change playbackRate with the element's preservesPitch off (audio-controller.ts): the element then
//   resamples, and a nudge moves it by exactly (rate - 1) × its duration. With pitch preserved, Chromium
//   switches into its time-stretcher (WSOLA, 20 ms windows) on every change away from rate 1, and the
//   element lost ~22 ms each time (measured: a 500 ms nudge at 1.02 left it 12 ms BEHIND instead of 10 ms
//   ahead), so small offsets could not be corrected at all and nudges made them worse.
// - Below DEADBAND_MS (smoothed) the element is left alone. A nudge starts past NUDGE_START_MS and stops
//   back inside the deadband (hysteresis), so the rate does not flap at the edge.
// - A nudge is proportional: rate = 1 - error / CORRECTION_WINDOW_MS, capped at ±2 % (a third of a
//   semitone, for the second or two it lasts); the usual few-ms offsets get rates like 0.995 (9 cents),
//   which nobody hears.
// - Past SEEK_MS a seek wins: at the 2 % cap, 150 ms already takes 7.5 s of audibly wrong timing, whereas a
//   seek costs one short glitch. A seek lands late by the time the element needs to resume; that lead is
//   learned from the error measured right after each seek and added to the next seek's target.
// - The server schedules starts (play, resume, seek, a new track) a moment ahead. Until then the element
//   waits, paused at the start position: starting at once would play what comes before it (a resume would
//   repeat the last ~0.3 s before the pause).
import type { PlaybackStatus } from './types.ts';

export const DEADBAND_MS = 2;
export const NUDGE_START_MS = 4;
export const SEEK_MS = 150;
export const MAX_RATE_DELTA = 0.02;
export const CORRECTION_WINDOW_MS = 500;
/** When the room is paused, a paused element is only re-positioned when this far off (no point in less). */
export const PAUSED_SNAP_MS = 50;
const MAX_SEEK_LEAD_MS = 1000;
/** Weight of the newest reading in the smoothed error (0.35 at a 250 ms tick: ~0.6 s time constant). */
const SMOOTHING = 0.35;

export type RoomClock = { status: PlaybackStatus; positionMs: number; atServerMs: number };

export type AudioReading = {
  positionMs: number;
  paused: boolean;
  playbackRate: number;
  /** A seek is in flight or the element is waiting for data: its position says nothing yet. */
  busy: boolean;
};

export type DriftState = {
  nudging: boolean;
  /** How late a seek lands, learned from measurement; added to seek targets. */
  seekLeadMs: number;
  /** The next playing reading is the first after a seek: learn the lead from it. */
  checkSeek: boolean;
  /** The error (ms, > 0 ahead) averaged over the last readings; null right after a start or seek. */
  smoothedMs: number | null;
};

export type Decision =
  | { kind: 'none' }
  | { kind: 'rate'; rate: number }
  | { kind: 'seek'; toMs: number }
  | { kind: 'play'; fromMs: number }
  | { kind: 'pause'; atMs: number | null }
  /** The room starts in the future (the server schedules starts slightly ahead): be at fromMs, paused, and start then. */
  | { kind: 'wait'; startInMs: number; fromMs: number };

export const initialDriftState = (): DriftState => ({ nudging: false, seekLeadMs: 0, checkSeek: false, smoothedMs: null });

/** Where the room is at a server time. */
export function roomPositionMs(clock: RoomClock, serverNowMs: number): number {
  return clock.status === 'playing' ? clock.positionMs + (serverNowMs - clock.atServerMs) : clock.positionMs;
}

export function nudgeRate(errorMs: number): number {
  const delta = Math.max(-MAX_RATE_DELTA, Math.min(MAX_RATE_DELTA, errorMs / CORRECTION_WINDOW_MS));
  return Math.round((1 - delta) * 1000) / 1000;
}

export function decide(clock: RoomClock, serverNowMs: number, audio: AudioReading, state: DriftState): { decision: Decision; state: DriftState } {
  const targetMs = roomPositionMs(clock, serverNowMs);

  if (clock.status === 'paused') {
    const off = Math.abs(audio.positionMs - targetMs) > PAUSED_SNAP_MS;
    const next = { ...state, nudging: false, checkSeek: false };
    if (!audio.paused) return { decision: { kind: 'pause', atMs: off ? targetMs : null }, state: next };
    if (off && !audio.busy) return { decision: { kind: 'seek', toMs: targetMs }, state: next };
    return { decision: { kind: 'none' }, state: next };
  }

  if (serverNowMs < clock.atServerMs) {
    const decision: Decision = { kind: 'wait', startInMs: clock.atServerMs - serverNowMs, fromMs: clock.positionMs };
    return { decision, state: { ...state, nudging: false, smoothedMs: null } };
  }
  if (audio.paused) {
    return { decision: { kind: 'play', fromMs: targetMs + state.seekLeadMs }, state: { ...state, nudging: false, checkSeek: true, smoothedMs: null } };
  }
  if (audio.busy) return { decision: { kind: 'none' }, state };

  const rawMs = audio.positionMs - targetMs; // > 0: ahead of the room
  // Far off (a seek elsewhere, a stall): act on the reading itself; close by, on the smoothed error.
  const errorMs = Math.abs(rawMs) > SEEK_MS || state.smoothedMs === null ? rawMs : state.smoothedMs + SMOOTHING * (rawMs - state.smoothedMs);
  let next: DriftState = { ...state, smoothedMs: errorMs };
  if (state.checkSeek) {
    // We aimed at target + lead and landed errorMs away: the lead that would have been exact is lead - error.
    const ideal = state.seekLeadMs - rawMs;
    const seekLeadMs = Math.max(0, Math.min(MAX_SEEK_LEAD_MS, Math.round(state.seekLeadMs * 0.5 + ideal * 0.5)));
    next = { ...next, seekLeadMs, checkSeek: false };
  }
  const abs = Math.abs(errorMs);
  if (abs > SEEK_MS) {
    return { decision: { kind: 'seek', toMs: targetMs + next.seekLeadMs }, state: { ...next, nudging: false, checkSeek: true, smoothedMs: null } };
  }
  // The smoothed error lags the element: a nudge that has brought the reading itself to (or past) the room
  // ends there, and the average restarts from that reading, or the nudge would carry on past the room.
  const reached = next.nudging && audio.playbackRate !== 1 && (audio.playbackRate > 1 ? rawMs >= 0 : rawMs <= 0);
  if (reached) return { decision: { kind: 'rate', rate: 1 }, state: { ...next, nudging: false, smoothedMs: rawMs } };
  const nudging = next.nudging ? abs > DEADBAND_MS : abs > NUDGE_START_MS;
  if (nudging) {
    const rate = nudgeRate(errorMs);
    return { decision: rate === audio.playbackRate ? { kind: 'none' } : { kind: 'rate', rate }, state: { ...next, nudging } };
  }
  if (audio.playbackRate !== 1) return { decision: { kind: 'rate', rate: 1 }, state: { ...next, nudging } };
  return { decision: { kind: 'none' }, state: { ...next, nudging } };
}
