// Sending a track's audio: a redirect for Piped URLs, the file with HTTP Range support for local tracks.
import { createReadStream } from 'node:fs';
import type { Context } from 'koa';
import type { StreamInfo } from './source.ts';

/**
 * The byte range asked for, 'all' when there is no usable Range header (another unit, several ranges:
 * RFC 9110 lets a server answer those with the whole file), or 'unsatisfiable'.
 */
export function parseRange(header: string | undefined, sizeBytes: number): { start: number; end: number } | 'all' | 'unsatisfiable' {
  if (!header) return 'all';
  const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header.trim());
  if (!m) return /^bytes=/i.test(header.trim()) && !header.includes(',') ? 'unsatisfiable' : 'all';
  const [, from, to] = m;
  if (from === '' && to === '') return 'unsatisfiable';
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0 || sizeBytes === 0) return 'unsatisfiable';
    return { start: Math.max(0, sizeBytes - suffix), end: sizeBytes - 1 };
  }
  const start = Number(from);
  const end = to === '' ? sizeBytes - 1 : Math.min(Number(to), sizeBytes - 1);
  if (start >= sizeBytes || end < start) return 'unsatisfiable';
  return { start, end };
}

export function sendAudio(ctx: Context, info: StreamInfo) {
  if (info.kind === 'url') {
    // Resolved URLs expire: never let a browser or proxy keep the redirect.
    ctx.set('Cache-Control', 'no-store');
    ctx.redirect(info.url);
    return;
  }
  ctx.set('Accept-Ranges', 'bytes');
  ctx.set('Cache-Control', 'private, max-age=3600');
  const range = parseRange(ctx.get('range') || undefined, info.sizeBytes);
  if (range === 'unsatisfiable') {
    ctx.status = 416;
    ctx.set('Content-Range', `bytes */${info.sizeBytes}`);
    ctx.body = { error: { code: 'range_not_satisfiable', message: `The file has ${info.sizeBytes} bytes; ask for a range inside it` } };
    return;
  }
  const { start, end } = range === 'all' ? { start: 0, end: info.sizeBytes - 1 } : range;
  ctx.status = range === 'all' ? 200 : 206;
  if (range !== 'all') ctx.set('Content-Range', `bytes ${start}-${end}/${info.sizeBytes}`);
  ctx.type = info.mimeType;
  ctx.length = Math.max(0, end - start + 1);
  if (ctx.method === 'HEAD' || ctx.length === 0) return;
  ctx.body = createReadStream(info.path, { start, end });
}
