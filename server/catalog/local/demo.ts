// The demo library `npm start` writes into an empty MUSIC_DIR when no Piped URL is set: six short,
// distinct pieces synthesised here (never downloaded), as WAV files with RIFF INFO tags.
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderSong, SAMPLE_RATE, type SongPlan } from './synth.ts';

export type DemoTrack = { file: string; title: string; artist: string; album: string; genre: string; trackNo: number; plan: SongPlan };

const common = { seconds: 28 };
export const DEMO_TRACKS: DemoTrack[] = [
  { file: 'wren-hollow-morning-lanterns.wav', title: 'Morning Lanterns', artist: 'Wren Hollow', album: 'Paper Lanterns', genre: 'Folk', trackNo: 1,
    plan: { ...common, seed: 11, rootMidi: 67, minor: false, bpm: 96, progression: [0, 4, 5, 3], lead: 'pluck', comp: 'pluck', beat: false } },
  { file: 'wren-hollow-paper-boats.wav', title: 'Paper Boats', artist: 'Wren Hollow', album: 'Paper Lanterns', genre: 'Folk', trackNo: 2,
    plan: { ...common, seed: 23, rootMidi: 60, minor: false, bpm: 104, progression: [0, 5, 3, 4], lead: 'marimba', comp: 'pluck', beat: false } },
  { file: 'tidewater-trio-harbour-lights.wav', title: 'Harbour Lights', artist: 'The Tidewater Trio', album: 'After Hours', genre: 'Jazz', trackNo: 1,
    plan: { ...common, seed: 37, rootMidi: 65, minor: false, bpm: 84, progression: [1, 4, 0, 5], lead: 'epiano', comp: 'epiano', beat: true } },
  { file: 'velvet-transit-neon-drift.wav', title: 'Neon Drift', artist: 'Velvet Transit', album: 'Night Lines', genre: 'Electronic', trackNo: 1,
    plan: { ...common, seed: 41, rootMidi: 69, minor: true, bpm: 118, progression: [0, 5, 2, 6], lead: 'soft-lead', comp: 'pad', beat: true } },
  { file: 'moth-and-meridian-slow-orbit.wav', title: 'Slow Orbit', artist: 'Moth & Meridian', album: 'Satellites', genre: 'Ambient', trackNo: 1,
    plan: { ...common, seconds: 30, seed: 53, rootMidi: 62, minor: false, bpm: 70, progression: [0, 3, 5, 4], lead: 'bell', comp: 'pad', beat: false } },
  { file: 'sunday-assembly-porch-light.wav', title: 'Porch Light', artist: 'Sunday Assembly', album: 'Sunday Tapes', genre: 'Lo-fi', trackNo: 1,
    plan: { ...common, seed: 67, rootMidi: 63, minor: false, bpm: 80, progression: [0, 5, 1, 4], lead: 'soft-lead', comp: 'epiano', beat: true } },
];

/** A RIFF INFO sub-chunk: id, size, NUL-terminated text, padded to an even length. */
function infoChunk(id: string, text: string): Buffer {
  const data = Buffer.from(`${text}\0`, 'utf8');
  const header = Buffer.alloc(8);
  header.write(id, 0, 'ascii');
  header.writeUInt32LE(data.length, 4);
  return Buffer.concat([header, data, Buffer.alloc(data.length % 2)]);
}

/** 16-bit mono PCM WAV with title, artist, album, genre and track number as RIFF INFO tags. */
export function encodeWav(samples: Float32Array, tags: { title: string; artist: string; album: string; genre: string; trackNo: number }): Buffer {
  const info = Buffer.concat([
    Buffer.from('INFO', 'ascii'),
    infoChunk('INAM', tags.title), infoChunk('IART', tags.artist), infoChunk('IPRD', tags.album),
    infoChunk('IGNR', tags.genre), infoChunk('ITRK', String(tags.trackNo)), infoChunk('ISFT', 'Jamroom demo synthesiser'),
  ]);
  const pcm = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) pcm.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), i * 2);
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'ascii');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8); // PCM
  fmt.writeUInt16LE(1, 10); // mono
  fmt.writeUInt32LE(SAMPLE_RATE, 12);
  fmt.writeUInt32LE(SAMPLE_RATE * 2, 16);
  fmt.writeUInt16LE(2, 20);
  fmt.writeUInt16LE(16, 22);
  const list = Buffer.alloc(8);
  list.write('LIST', 0, 'ascii');
  list.writeUInt32LE(info.length, 4);
  const data = Buffer.alloc(8);
  data.write('data', 0, 'ascii');
  data.writeUInt32LE(pcm.length, 4);
  const body = Buffer.concat([Buffer.from('WAVE', 'ascii'), fmt, list, info, data, pcm]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'ascii');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

/** Writes the demo tracks into dir; files appear whole (written aside, then renamed). */
export async function writeDemoLibrary(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const t of DEMO_TRACKS) {
    const target = path.join(dir, t.file);
    const tmp = path.join(dir, `.${t.file}.${process.pid}.tmp`);
    await writeFile(tmp, encodeWav(renderSong(t.plan), t));
    await rename(tmp, target);
    written.push(target);
  }
  return written;
}

/** Fills dir with the demo library when it holds nothing (missing, or no visible entries). */
export async function ensureDemoLibrary(dir: string): Promise<string[]> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  if (entries.some((e) => !e.startsWith('.'))) return [];
  return writeDemoLibrary(dir);
}
