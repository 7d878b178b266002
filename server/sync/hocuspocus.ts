import { Hocuspocus, type Extension } from '@hocuspocus/server';
import type { Deps } from '../deps.ts';
import { routeConsole, type Logger } from '../log.ts';
import { roomSync } from '../rooms/sync.ts';
import { AwarenessBatch, type AwarenessRelay } from './awareness.ts';
import type { StatelessRelay } from './redis.ts';

/** The room features' Hocuspocus extensions, one class per concern; presence coalesced per room and tick. */
export function syncExtensions(deps: Deps, relay?: Extension & AwarenessRelay & StatelessRelay): Extension[] {
  const rooms = roomSync(deps);
  if (relay) rooms.useRelay(relay);
  return [...(relay ? [relay] : []), new AwarenessBatch(relay), ...rooms.extensions];
}

export function createHocuspocus() {
  return new Hocuspocus({ quiet: true, debounce: 2000, maxDebounce: 10_000 });
}

/** A Jamroom refusal thrown by our own hooks ({ code: 4xxx, reason }): the client is told why. */
const isRefusal = (arg: unknown) => typeof (arg as { code?: unknown } | null)?.code === 'number' && (arg as { code: number }).code >= 4000 && (arg as { code: number }).code < 5000;

/**
 * Hocuspocus (server and Redis extension) has no logger option and writes to console.error/warn, e.g.
 * "closing connection … because of exception" each time a hook refuses a message. Those lines go to our
 * log instead; a refusal at info, since it is the client's doing (or a retryable 4503), not our fault.
 */
export function routeHocuspocusConsole(log: Logger): () => void {
  return routeConsole({
    from: '/node_modules/@hocuspocus/',
    log: log.child({ from: 'hocuspocus' }),
    level: (method, args) => (args.some(isRefusal) ? 'info' : method),
  });
}
