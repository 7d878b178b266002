// The built client: files from clientDir, and index.html for any other GET that is not the API.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context, Next } from 'koa';
import { ErrorCode } from '../../shared/errors.ts';
import { AppError } from './errors.ts';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
};

async function fileAt(p: string) {
  try {
    const s = await stat(p);
    return s.isFile() ? s : null;
  } catch {
    return null;
  }
}

function decodePath(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    throw new AppError(400, ErrorCode.badRequest, 'The path is not valid %-encoded UTF-8');
  }
}

export function serveClient(clientDir: string) {
  return async (ctx: Context, next: Next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path.startsWith('/api/') || ctx.path === '/api') return next();
    const rel = path.normalize(decodePath(ctx.path)).replace(/^(\.\.[/\\])+/, '');
    let file = path.join(clientDir, rel);
    if (!file.startsWith(clientDir)) return next();
    let info = await fileAt(file);
    const isAsset = !!info;
    if (!info) {
      if (path.extname(rel)) return next(); // a missing asset is a 404, not the app
      file = path.join(clientDir, 'index.html');
      info = await fileAt(file);
      if (!info) return next();
    }
    ctx.type = types[path.extname(file)] ?? 'application/octet-stream';
    ctx.length = info.size;
    // Hashed build assets never change; the shell must always be revalidated.
    ctx.set('Cache-Control', isAsset && rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    // HEAD: the GET's headers and length, no body (a null body would turn it into 204 No Content).
    if (ctx.method === 'HEAD') ctx.status = 200;
    else ctx.body = createReadStream(file);
  };
}
