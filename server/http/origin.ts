// Who a request is from, read the way Koa reads it (ctx.protocol, ctx.host, ctx.ip), for the places that
// see the raw request: the websocket upgrade. Both the REST CSRF check and the upgrade judge an Origin here.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * A browser names the page that made the request in Origin; a page on another site (or an opaque
 * "null" origin) is foreign. No Origin at all is a non-browser client or a same-origin navigation.
 */
export function isForeignOrigin(origin: string | undefined, protocol: string, host: string): boolean {
  return !!origin && origin.toLowerCase() !== `${protocol}://${host}`.toLowerCase();
}

const first = (header: string | string[] | undefined) => (Array.isArray(header) ? header[0] : header)?.split(/\s*,\s*/, 1)[0] ?? '';

/** Koa's ctx.protocol: X-Forwarded-Proto counts only behind a trusted proxy. */
export function requestProtocol(req: IncomingMessage, trustProxy: boolean): string {
  if ((req.socket as TLSSocket).encrypted) return 'https';
  return (trustProxy && first(req.headers['x-forwarded-proto'])) || 'http';
}

/** Koa's ctx.host: X-Forwarded-Host counts only behind a trusted proxy. */
export function requestHost(req: IncomingMessage, trustProxy: boolean): string {
  return (trustProxy && first(req.headers['x-forwarded-host'])) || first(req.headers.host);
}

/**
 * Koa's ctx.ip with maxIpsCount 1 (server/app.ts): behind a trusted proxy the last X-Forwarded-For
 * address, the one the proxy appended (earlier ones are whatever the client sent), else the peer's.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded ?? '').split(',').at(-1)?.trim();
  return (trustProxy && last) || req.socket.remoteAddress || '';
}
