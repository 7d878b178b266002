// Server clock estimate, NTP-style: for each ping, offset = serverMs - (sentAt + receivedAt) / 2, and the
// samples with the smallest round trip are the trustworthy ones (their one-way delays are nearly equal).

export type ClockSample = { sentAtMs: number; serverMs: number; receivedAtMs: number };

const KEEP = 16;
const BEST = 4;

export class ServerClock {
  private samples: { offsetMs: number; rttMs: number }[] = [];
  private offset = 0;

  constructor(private readonly localNowMs: () => number = () => performance.timeOrigin + performance.now()) {}

  add(sample: ClockSample): void {
    const rttMs = sample.receivedAtMs - sample.sentAtMs;
    if (!(rttMs >= 0)) return;
    this.samples.push({ offsetMs: sample.serverMs - (sample.sentAtMs + sample.receivedAtMs) / 2, rttMs });
    if (this.samples.length > KEEP) this.samples.shift();
    const best = [...this.samples].sort((a, b) => a.rttMs - b.rttMs).slice(0, BEST);
    const offsets = best.map((s) => s.offsetMs).sort((a, b) => a - b);
    this.offset = offsets[Math.floor(offsets.length / 2)];
  }

  /** Server time minus local time, in ms. */
  get offsetMs(): number {
    return this.offset;
  }

  get sampleCount(): number {
    return this.samples.length;
  }

  /** Use an estimate made elsewhere (the rooms module's pinger) instead of samples. */
  setOffset(offsetMs: number): void {
    this.offset = offsetMs;
  }

  nowMs(): number {
    return this.localNowMs() + this.offset;
  }
}
