import { Hocuspocus, type Extension } from '@hocuspocus/server';
import type { Deps } from '../deps.ts';
import { roomSync } from '../rooms/sync.ts';

/** The room features' Hocuspocus extensions, one class per concern. */
export function syncExtensions(deps: Deps, relay?: Extension): Extension[] {
  return [...(relay ? [relay] : []), ...roomSync(deps).extensions];
}

export function createHocuspocus() {
  return new Hocuspocus({ quiet: true, debounce: 2000, maxDebounce: 10_000 });
}
