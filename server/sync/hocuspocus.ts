import { Hocuspocus, type Extension } from '@hocuspocus/server';
import type { Deps } from '../deps.ts';

/** The room features' Hocuspocus extensions, one class per concern. */
export function syncExtensions(_deps: Deps): Extension[] {
  return [];
}

export function createHocuspocus() {
  return new Hocuspocus({ quiet: true, debounce: 2000, maxDebounce: 10_000 });
}
