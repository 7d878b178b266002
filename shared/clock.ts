// NTP-style estimate of the server clock from ping/pong round trips: offset = serverMs - midpoint of the
// round trip. Samples with the lowest delay carry the least queueing error, so only those are kept.
export type ClockSample = { offsetMs: number; delayMs: number };

export class ServerClock {
  private samples: ClockSample[] = [];
  constructor(private keep = 5, private window = 20) {}

  /** Records one round trip: sent at clientSentMs, answered with serverMs, received at clientReceivedMs. */
  add(clientSentMs: number, serverMs: number, clientReceivedMs: number): ClockSample {
    const delayMs = Math.max(0, clientReceivedMs - clientSentMs);
    const sample = { offsetMs: serverMs - (clientSentMs + clientReceivedMs) / 2, delayMs };
    this.samples.push(sample);
    if (this.samples.length > this.window) this.samples.shift();
    return sample;
  }

  get sampleCount() { return this.samples.length; }

  /** Median offset of the lowest-delay samples (0 before the first sample). */
  get offsetMs(): number {
    const best = [...this.samples].sort((a, b) => a.delayMs - b.delayMs).slice(0, this.keep).map((s) => s.offsetMs).sort((a, b) => a - b);
    if (!best.length) return 0;
    const mid = best.length >> 1;
    return best.length % 2 ? best[mid] : (best[mid - 1] + best[mid]) / 2;
  }

  /** Half the best round trip: how far off the estimate can be. */
  get uncertaintyMs(): number {
    return this.samples.length ? Math.min(...this.samples.map((s) => s.delayMs)) / 2 : Infinity;
  }

  serverNow(localNowMs: number): number {
    return localNowMs + this.offsetMs;
  }
}
