import { describe, expect, it } from 'vitest';
import { DEADBAND_MS, decide, initialDriftState, MAX_RATE_DELTA, roomPositionMs, SEEK_MS, type AudioReading, type RoomClock } from './drift.ts';

const playingAt = (positionMs: number, atServerMs = 1_000_000): RoomClock => ({ status: 'playing', positionMs, atServerMs });
const reading = (positionMs: number, over: Partial<AudioReading> = {}): AudioReading => ({ positionMs, paused: false, playbackRate: 1, busy: false, ...over });
const NOW = 1_000_000;

describe('drift corrector', () => {
  it('computes the room position from the clock while playing and holds it while paused', () => {
    expect(roomPositionMs(playingAt(5000, NOW - 2000), NOW)).toBe(7000);
    expect(roomPositionMs({ status: 'paused', positionMs: 5000, atServerMs: NOW - 2000 }, NOW)).toBe(5000);
  });

  it('does nothing when within a few ms of the room', () => {
    const { decision, state } = decide(playingAt(10_000), NOW, reading(10_002), initialDriftState());
    expect(decision).toEqual({ kind: 'none' });
    expect(state.nudging).toBe(false);
  });

  it('slows down when ahead and speeds up when behind, never beyond ±2 %', () => {
    const ahead = decide(playingAt(10_000), NOW, reading(10_060), initialDriftState()).decision;
    expect(ahead.kind).toBe('rate');
    if (ahead.kind === 'rate') expect(ahead.rate).toBeLessThan(1);
    const behind = decide(playingAt(10_000), NOW, reading(9_940), initialDriftState()).decision;
    if (behind.kind !== 'rate') throw new Error(`expected a nudge, got ${behind.kind}`);
    expect(behind.rate).toBeGreaterThan(1);
    const far = decide(playingAt(10_000), NOW, reading(10_000 - SEEK_MS + 1), initialDriftState()).decision;
    if (far.kind !== 'rate') throw new Error(`expected a nudge, got ${far.kind}`);
    expect(far.rate).toBeCloseTo(1 + MAX_RATE_DELTA, 5);
  });

  it('keeps nudging until back inside the deadband (hysteresis), then returns to rate 1', () => {
    let state = decide(playingAt(10_000), NOW, reading(10_030), initialDriftState()).state;
    expect(state.nudging).toBe(true);
    const still = decide(playingAt(10_000), NOW, reading(10_015, { playbackRate: 0.97 }), state);
    expect(still.decision.kind).toBe('rate');
    state = still.state;
    // Readings back near the room: the smoothed error follows them down into the deadband.
    let done = decide(playingAt(10_000), NOW, reading(10_001, { playbackRate: 0.99 }), state);
    const backToOne = (d: typeof done) => d.decision.kind === 'rate' && d.decision.rate === 1;
    for (let i = 0; i < 8 && !backToOne(done); i++) done = decide(playingAt(10_000), NOW, reading(10_001, { playbackRate: 0.99 }), done.state);
    expect(done.decision).toEqual({ kind: 'rate', rate: 1 });
    expect(done.state.nudging).toBe(false);
    // 3 ms off is not enough to start a nudge from rest.
    expect(decide(playingAt(10_000), NOW, reading(10_003), done.state).decision).toEqual({ kind: 'none' });
  });

  it('acts on the smoothed error: one jittery reading does not start a nudge', () => {
    let state = initialDriftState();
    for (const ms of [10_001, 9_999, 10_002, 10_000]) state = decide(playingAt(10_000), NOW, reading(ms), state).state;
    const spike = decide(playingAt(10_000), NOW, reading(10_010), state);
    expect(spike.decision).toEqual({ kind: 'none' });
    // A steady 10 ms offset (a fixed offset nothing corrected before) is corrected within a second of ticks.
    let s2 = spike.state;
    let decision = spike.decision;
    for (let i = 0; i < 3; i++) ({ decision, state: s2 } = decide(playingAt(10_000), NOW, reading(10_010), s2));
    expect(decision.kind).toBe('rate');
  });

  it('ends a nudge when the element itself reaches the room, though the smoothed error still lags', () => {
    // 40 ms behind: speeding up.
    let { decision, state } = decide(playingAt(10_000), NOW, reading(9_960), initialDriftState());
    expect(decision.kind === 'rate' && decision.rate > 1).toBe(true);
    ({ state } = decide(playingAt(10_000), NOW, reading(9_975, { playbackRate: 1.02 }), state));
    // The reading is back at the room (the average is not yet): back to rate 1, no overshoot.
    ({ decision, state } = decide(playingAt(10_000), NOW, reading(10_001, { playbackRate: 1.02 }), state));
    expect(decision).toEqual({ kind: 'rate', rate: 1 });
    expect(state.nudging).toBe(false);
    expect(decide(playingAt(10_000), NOW, reading(10_001), state).decision).toEqual({ kind: 'none' });
  });

  it('seeks when too far off, and learns how late seeks land', () => {
    const first = decide(playingAt(10_000), NOW, reading(12_000), initialDriftState());
    expect(first.decision).toEqual({ kind: 'seek', toMs: 10_000 });
    expect(first.state.checkSeek).toBe(true);
    // The seek landed 80 ms behind: the next seek aims further ahead.
    const after = decide(playingAt(10_000), NOW, reading(9_920), first.state);
    expect(after.state.seekLeadMs).toBe(40);
    expect(after.decision.kind).toBe('rate');
    const again = decide(playingAt(10_000), NOW, reading(5_000), after.state);
    expect(again.decision).toEqual({ kind: 'seek', toMs: 10_040 });
  });

  it('starts a paused element at the room position plus the learned lead', () => {
    const state = { ...initialDriftState(), seekLeadMs: 30 };
    expect(decide(playingAt(4000, NOW - 1000), NOW, reading(0, { paused: true }), state).decision).toEqual({ kind: 'play', fromMs: 5030 });
  });

  it('waits for a start scheduled in the future', () => {
    expect(decide(playingAt(0, NOW + 120), NOW, reading(0, { paused: true }), initialDriftState()).decision).toEqual({ kind: 'wait', startInMs: 120, fromMs: 0 });
  });

  it('a resume scheduled ahead waits at the paused position instead of replaying what came before it', () => {
    // Paused at 42 s; "play" at NOW is scheduled 300 ms ahead: the clock reads 41.7 s now, but nothing before 42 s may play again.
    const decision = decide(playingAt(42_000, NOW + 300), NOW, reading(42_000, { paused: true }), initialDriftState()).decision;
    expect(decision).toEqual({ kind: 'wait', startInMs: 300, fromMs: 42_000 });
    // Once the start time comes, it plays from 42 s.
    expect(decide(playingAt(42_000, NOW + 300), NOW + 300, reading(42_000, { paused: true }), initialDriftState()).decision).toEqual({ kind: 'play', fromMs: 42_000 });
  });

  it('makes no decision while the element is seeking or buffering', () => {
    expect(decide(playingAt(10_000), NOW, reading(2_000, { busy: true }), initialDriftState()).decision).toEqual({ kind: 'none' });
  });

  it('pauses with the room, re-positioning only when the paused position is off', () => {
    const paused: RoomClock = { status: 'paused', positionMs: 30_000, atServerMs: NOW - 5000 };
    expect(decide(paused, NOW, reading(30_020), initialDriftState()).decision).toEqual({ kind: 'pause', atMs: null });
    expect(decide(paused, NOW, reading(12_000), initialDriftState()).decision).toEqual({ kind: 'pause', atMs: 30_000 });
    expect(decide(paused, NOW, reading(12_000, { paused: true }), initialDriftState()).decision).toEqual({ kind: 'seek', toMs: 30_000 });
    expect(decide(paused, NOW, reading(30_010, { paused: true }), initialDriftState()).decision).toEqual({ kind: 'none' });
  });

  it('converges: a simulated element 200 ms behind ends inside the deadband in under 10 s', () => {
    let state = initialDriftState();
    let audioMs = 9_800;
    let rate = 1;
    const tickMs = 250;
    let serverMs = NOW;
    for (let i = 0; i < 40; i++) {
      const { decision, state: next } = decide(playingAt(10_000), serverMs, reading(audioMs, { playbackRate: rate }), state);
      state = next;
      if (decision.kind === 'rate') rate = decision.rate;
      if (decision.kind === 'seek') audioMs = decision.toMs;
      audioMs += tickMs * rate;
      serverMs += tickMs;
    }
    expect(Math.abs(audioMs - roomPositionMs(playingAt(10_000), serverMs))).toBeLessThanOrEqual(DEADBAND_MS);
  });
});
