// The one interface both music sources implement, and the errors they raise.
import type { Collection, CollectionResponse, SearchFilter, Shelf } from '../../shared/api/catalog.ts';
import type { Track } from '../../shared/api/track.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { AppError } from '../http/errors.ts';

export type SearchResult = { tracks: Track[]; collections: Collection[]; nextPage: string | null };

/** Where a track's audio is: a file on this machine, or a URL the browser can fetch itself. */
export type StreamInfo =
  | { kind: 'file'; path: string; mimeType: string; sizeBytes: number }
  | { kind: 'url'; url: string; mimeType: string; bitrate: number };

export interface MusicSource {
  readonly kind: 'piped' | 'local';
  search(q: string, filter: SearchFilter, page?: string): Promise<SearchResult>;
  suggestions(q: string): Promise<string[]>;
  /** Never empty while the source has music (Piped falls back to chart-like searches). */
  trending(region: string): Promise<Track[]>;
  /** null when the source does not know the id. */
  track(videoId: string): Promise<Track | null>;
  /** Candidates for "up next", best first, the seed excluded; null when the seed is unknown. */
  related(videoId: string): Promise<Track[] | null>;
  /** An album, playlist or artist from a search, with its tracks; null when unknown. */
  collection(id: string): Promise<CollectionResponse | null>;
  /** Genre/mood and new-release shelves (trending is added by the catalog). */
  shelves(): Promise<Shelf[]>;
  /** null when the id is unknown or has no audio the browser can play. */
  streamInfo(videoId: string, preferM4a?: boolean): Promise<StreamInfo | null>;
  close(): Promise<void>;
}

/** Every upstream failure leaves as 502 (bad or failed answer) or 504 (timed out). */
export class UpstreamError extends AppError {
  constructor(message: string, readonly timedOut = false) {
    super(timedOut ? 504 : 502, ErrorCode.upstreamUnavailable, message);
  }
}
