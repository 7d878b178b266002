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
    const { decision, state } = decide(playingAt(10_000), NOW, reading(10_008), initialDriftState());
    expect(decision).toEqual({ kind: 'none' });
    expect(state.nudging).toBe(false);
  });

  it('slows down when ahead and speeds up when behind, never beyond ±5 %', () => {
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
    const done = decide(playingAt(10_000), NOW, reading(10_004, { playbackRate: 0.99 }), state);
    expect(done.decision).toEqual({ kind: 'rate', rate: 1 });
    expect(done.state.nudging).toBe(false);
    // 15 ms off is not enough to start a nudge from rest.
    expect(decide(playingAt(10_000), NOW, reading(10_015), done.state).decision).toEqual({ kind: 'none' });
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
    expect(decide(playingAt(0, NOW + 120), NOW, reading(0, { paused: true }), initialDriftState()).decision).toEqual({ kind: 'wait', startInMs: 120 });
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
