// HTTP to a list of Piped instances: a timeout on every call, failover in order, and a cool-down for an
// instance that failed so the next calls go straight to one that works.
import type { z } from 'zod';
import type { Logger } from '../../log.ts';
import { UpstreamError } from '../source.ts';

/** The instance answered, but with an error about the content itself (unknown or unavailable video). */
export class PipedContentError extends UpstreamError {
  constructor(message: string, readonly httpStatus: number) { super(message); }
}

type Failure = { message: string; timedOut?: boolean; coolDown: boolean; content?: PipedContentError };

export class PipedClient {
  private coolUntilMs = new Map<string, number>();

  constructor(
    private readonly baseUrls: readonly string[],
    private readonly timeoutMs: number,
    private readonly log: Logger,
    private readonly coolDownMs = 60_000,
  ) {}

  /** Instances to try: those not cooling down in configured order, then the others, soonest back first. */
  private order(): string[] {
    const now = Date.now();
    const cool = (u: string) => this.coolUntilMs.get(u) ?? 0;
    const ready = this.baseUrls.filter((u) => cool(u) <= now);
    const cooling = this.baseUrls.filter((u) => cool(u) > now).sort((a, b) => cool(a) - cool(b));
    return [...ready, ...cooling];
  }

  /** GET path from the first instance that answers with JSON of the expected shape. */
  async get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    const what = path.startsWith('/streams/') ? '/streams' : path.split('?')[0]!;
    let timedOut = false;
    let last: Failure | undefined;
    let content: PipedContentError | undefined;
    for (const base of this.order()) {
      const result = await this.once(base, path, schema);
      if (result.ok) {
        this.coolUntilMs.delete(base);
        return result.value;
      }
      last = result.failure;
      timedOut ||= !!last.timedOut;
      content ??= last.content;
      if (last.coolDown) this.coolUntilMs.set(base, Date.now() + this.coolDownMs);
      // The host only: a configured URL may carry credentials, which must not reach the logs.
      this.log.warn({ instance: new URL(base).host, path: what, reason: last.message, coolDown: last.coolDown }, 'Piped instance failed; trying the next one');
    }
    if (content) throw content;
    if (timedOut && last?.timedOut) throw new UpstreamError(`The music service did not answer ${what} in time; try again in a moment`, true);
    throw new UpstreamError(`The music service is unavailable (${what}: ${last?.message ?? 'no instance configured'}); try again in a moment`);
  }

  private async once<T>(base: string, path: string, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; failure: Failure }> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    let status: number;
    let text: string;
    try {
      const res = await fetch(base + path, { signal: abort.signal, headers: { accept: 'application/json' } });
      status = res.status;
      text = await res.text(); // the timeout covers the body too: a stalled body is a hang
    } catch (err) {
      const timedOut = abort.signal.aborted;
      return { ok: false, failure: { message: timedOut ? `timed out after ${this.timeoutMs} ms` : `unreachable (${(err as Error).message})`, timedOut, coolDown: true } };
    } finally {
      clearTimeout(timer);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (status >= 400) {
      const upstream = json as { error?: unknown; message?: unknown } | undefined;
      const said = typeof upstream?.message === 'string' ? upstream.message : typeof upstream?.error === 'string' ? upstream.error : '';
      // A JSON error is the instance working and refusing this content: try the next one, don't cool down.
      if (said && status !== 429) {
        return { ok: false, failure: { message: `HTTP ${status}: ${said.slice(0, 200)}`, coolDown: false, content: new PipedContentError(`The music service refused this request: ${said.slice(0, 200)}`, status) } };
      }
      return { ok: false, failure: { message: `HTTP ${status}`, coolDown: true } };
    }
    if (json === undefined) return { ok: false, failure: { message: 'malformed answer (not JSON)', coolDown: true } };
    const parsed = schema.safeParse(json);
    if (!parsed.success) return { ok: false, failure: { message: `malformed answer (unexpected JSON shape: ${parsed.error.issues[0]?.path.join('.') || 'root'})`, coolDown: true } };
    return { ok: true, value: parsed.data };
  }
}
