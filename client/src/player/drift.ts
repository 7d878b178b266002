// Keeps one <audio> element on the room's timeline. Pure: given the room clock, the server time and what
// the element reports, decide what to do this tick. The controller applies the decision.
//
// Thresholds (why these numbers):
// - The aim is < 30 ms between two listeners, so each tab must stay within ~15 ms of the room clock.
// - Below DEADBAND_MS we leave the element alone: audio.currentTime advances in steps of one audio render
//   quantum plus main-thread timer jitter (a few ms to ~10 ms in Chromium), so smaller corrections would
//   chase noise. A nudge starts only past NUDGE_START_MS and stops back inside the deadband (hysteresis),
//   so the rate does not flap at the edge.
// - A nudge is proportional: rate = 1 - error / CORRECTION_WINDOW_MS, capped at ±5 % (pitch is preserved
//   by the browser and ±5 % is barely audible). An error shrinks with a time constant of ~1 s; at our
//   250 ms tick each step removes at most a quarter of the error, so it cannot overshoot.
// - Past SEEK_MS a seek wins: at the 5 % cap, 300 ms already takes 6 s of audibly wrong timing, whereas a
//   seek costs one short glitch. A seek lands late by the time the element needs to resume; that lead is
//   learned from the error measured right after each seek and added to the next seek's target.
import type { PlaybackStatus } from './types.ts';

export const DEADBAND_MS = 10;
export const NUDGE_START_MS = 20;
export const SEEK_MS = 300;
export const MAX_RATE_DELTA = 0.05;
export const CORRECTION_WINDOW_MS = 1000;
/** When the room is paused, a paused element is only re-positioned when this far off (no point in less). */
export const PAUSED_SNAP_MS = 50;
const MAX_SEEK_LEAD_MS = 1000;

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
};

export type Decision =
  | { kind: 'none' }
  | { kind: 'rate'; rate: number }
  | { kind: 'seek'; toMs: number }
  | { kind: 'play'; fromMs: number }
  | { kind: 'pause'; atMs: number | null }
  /** The room starts in the future (the server schedules starts slightly ahead): start then, from 0. */
  | { kind: 'wait'; startInMs: number };

export const initialDriftState = (): DriftState => ({ nudging: false, seekLeadMs: 0, checkSeek: false });

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

  if (targetMs < 0) {
    const decision: Decision = { kind: 'wait', startInMs: -targetMs };
    return { decision, state: { ...state, nudging: false } };
  }
  if (audio.paused) {
    return { decision: { kind: 'play', fromMs: targetMs + state.seekLeadMs }, state: { ...state, nudging: false, checkSeek: true } };
  }
  if (audio.busy) return { decision: { kind: 'none' }, state };

  const errorMs = audio.positionMs - targetMs; // > 0: ahead of the room
  let next = state;
  if (state.checkSeek) {
    // We aimed at target + lead and landed errorMs away: the lead that would have been exact is lead - error.
    const ideal = state.seekLeadMs - errorMs;
    const seekLeadMs = Math.max(0, Math.min(MAX_SEEK_LEAD_MS, Math.round(state.seekLeadMs * 0.5 + ideal * 0.5)));
    next = { ...state, seekLeadMs, checkSeek: false };
  }
  const abs = Math.abs(errorMs);
  if (abs > SEEK_MS) {
    return { decision: { kind: 'seek', toMs: targetMs + next.seekLeadMs }, state: { ...next, nudging: false, checkSeek: true } };
  }
  const nudging = next.nudging ? abs > DEADBAND_MS : abs > NUDGE_START_MS;
  if (nudging) {
    const rate = nudgeRate(errorMs);
    return { decision: rate === audio.playbackRate ? { kind: 'none' } : { kind: 'rate', rate }, state: { ...next, nudging } };
  }
  if (audio.playbackRate !== 1) return { decision: { kind: 'rate', rate: 1 }, state: { ...next, nudging } };
  return { decision: { kind: 'none' }, state: { ...next, nudging } };
}
