// The local music folder as an index of tracks: scanned with music-metadata, re-scanned when files change.
import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseFile } from 'music-metadata';
import type { Track } from '../../../shared/api/track.ts';
import type { Logger } from '../../log.ts';

export const AUDIO_TYPES: Record<string, string> = {
  '.mp3': 'audio/mpeg', '.ogg': 'audio/ogg', '.opus': 'audio/ogg', '.m4a': 'audio/mp4',
  '.flac': 'audio/flac', '.wav': 'audio/wav',
};

export type LocalEntry = {
  track: Track;
  path: string;
  sizeBytes: number;
  mtimeMs: number;
  genres: string[];
  hasCover: boolean;
  trackNo: number | null;
};

/** Stable per file, whatever the tags say: the relative path with forward slashes, hashed. */
export const localId = (relPath: string) => `local-${createHash('sha1').update(relPath.split(path.sep).join('/')).digest('hex').slice(0, 16)}`;

/** Without a working fs.watch the folder is re-checked at most this often. */
const POLL_INTERVAL_MS = 10_000;

export class LocalLibrary {
  private entries = new Map<string, LocalEntry>();
  private scanning: Promise<void> | null = null;
  private dirty = true;
  private lastScanMs = 0;
  private watcher: FSWatcher | null = null;

  constructor(readonly dir: string, private readonly log: Logger) {}

  /** Every entry, after a re-scan if files changed since the last one. */
  async all(): Promise<LocalEntry[]> {
    // A scan in progress has cleared `dirty` already: wait for it rather than answer from the old index.
    if (this.scanning) await this.scanning;
    if (this.dirty || (!this.watcher && Date.now() - this.lastScanMs > POLL_INTERVAL_MS)) await this.rescan();
    return [...this.entries.values()];
  }

  async get(videoId: string): Promise<LocalEntry | null> {
    await this.all();
    return this.entries.get(videoId) ?? null;
  }

  private rescan(): Promise<void> {
    this.scanning ??= this.scan().finally(() => { this.scanning = null; });
    return this.scanning;
  }

  private async scan() {
    this.dirty = false;
    this.lastScanMs = Date.now();
    this.startWatching();
    const files = await listAudioFiles(this.dir);
    const next = new Map<string, LocalEntry>();
    const previous = new Map([...this.entries.values()].map((e) => [e.path, e]));
    for (const file of files) {
      const old = previous.get(file.path);
      const entry = old && old.mtimeMs === file.mtimeMs && old.sizeBytes === file.sizeBytes ? old : await this.read(file);
      if (entry) next.set(entry.track.videoId, entry);
    }
    this.entries = next;
    this.log.debug({ dir: this.dir, tracks: next.size }, 'music folder scanned');
  }

  private async read(file: { path: string; sizeBytes: number; mtimeMs: number }): Promise<LocalEntry | null> {
    const rel = path.relative(this.dir, file.path);
    try {
      const { common, format } = await parseFile(file.path, { duration: true });
      const id = localId(rel);
      const hasCover = !!common.picture?.length;
      return {
        track: {
          videoId: id,
          title: (common.title?.trim() || path.basename(rel, path.extname(rel))).slice(0, 500),
          artist: (common.artist?.trim() || common.albumartist?.trim() || 'Unknown artist').slice(0, 500),
          album: common.album?.trim().slice(0, 500) || null,
          // Embedded art, or a cover drawn from the album's name (cover-art.ts): never a blank tile.
          thumbnailUrl: `/api/tracks/${id}/cover`,
          durationS: Math.max(0, Math.round(format.duration ?? 0)),
        },
        path: file.path, sizeBytes: file.sizeBytes, mtimeMs: file.mtimeMs,
        genres: (common.genre ?? []).map((g) => g.toLowerCase()),
        hasCover, trackNo: common.track?.no ?? null,
      };
    } catch (err) {
      this.log.warn({ file: rel, err: (err as Error).message }, 'skipping an unreadable audio file');
      return null;
    }
  }

  private startWatching() {
    if (this.watcher) return;
    try {
      this.watcher = watch(this.dir, { recursive: true, persistent: false }, () => { this.dirty = true; });
      this.watcher.on('error', () => { this.watcher?.close(); this.watcher = null; });
    } catch {
      this.watcher = null; // folder missing or no recursive watch here: poll by time instead
    }
  }

  async close() {
    this.watcher?.close();
    this.watcher = null;
    await this.scanning?.catch(() => {});
  }
}

async function listAudioFiles(dir: string): Promise<Array<{ path: string; sizeBytes: number; mtimeMs: number }>> {
  const out: Array<{ path: string; sizeBytes: number; mtimeMs: number }> = [];
  let names;
  try {
    names = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const d of names.sort((a, b) => a.name.localeCompare(b.name))) {
    if (d.name.startsWith('.')) continue;
    const p = path.join(dir, d.name);
    if (d.isDirectory()) out.push(...(await listAudioFiles(p)));
    else if (d.isFile() && AUDIO_TYPES[path.extname(d.name).toLowerCase()]) {
      const s = await stat(p).catch(() => null);
      if (s) out.push({ path: p, sizeBytes: s.size, mtimeMs: s.mtimeMs });
    }
  }
  return out;
}
