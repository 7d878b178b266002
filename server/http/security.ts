// Browser security headers on every response (the page, static files, the API and its errors): a
// Content-Security-Policy that admits only our own scripts, styles, requests and socket, no framing,
// no MIME sniffing, no referrer to other sites, and HSTS once a request arrived over HTTPS.
// Vite's dev server serves its own page (with inline HMR scripts) and never passes through here.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, Middleware, Next } from 'koa';
import helmet from 'helmet';
import type { Config } from '../config.ts';

const HSTS = 'max-age=31536000';

/**
 * Where a Piped deployment serves thumbnails and audio. Its answers point at its proxy host
 * (pipedproxy.kavin.rocks and shards like pipedproxy-bom.kavin.rocks for pipedapi.kavin.rocks), which
 * the API never announces ahead of time: allow the configured origins and their sibling hosts (same
 * scheme and port), the layout Piped's own install guide sets up. An IP address has no siblings.
 */
export function pipedMediaSources(pipedApiUrls: readonly string[]): string[] {
  const sources = new Set<string>();
  for (const raw of pipedApiUrls) {
    const url = new URL(raw);
    sources.add(url.origin);
    const host = url.hostname;
    if (/^[\d.]+$/.test(host) || host.startsWith('[')) continue;
    const labels = host.split('.');
    // Never a bare top-level domain: a two-label host (or `localhost`) stands for its own subdomains.
    const domain = labels.length > 2 ? labels.slice(1).join('.') : host;
    sources.add(`${url.protocol}//*.${domain}${url.port ? `:${url.port}` : ''}`);
  }
  return [...sources];
}

export function contentSecurityPolicy(config: Pick<Config, 'pipedApiUrls'>): Record<string, string[]> {
  const piped = pipedMediaSources(config.pipedApiUrls);
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    // Solid sets dynamic styles through element.style (CSSOM), which CSP does not govern: no 'unsafe-inline'.
    'style-src': ["'self'"],
    // CSP3 'self' also matches ws:/wss: on our host, which is where the sync socket lives.
    'connect-src': ["'self'"],
    // data: for the favicon inlined in index.html; local covers are /api/tracks/:id/cover.
    'img-src': ["'self'", 'data:', ...piped],
    // /api/tracks/:id/stream answers a Piped track with a redirect to the instance's proxy.
    'media-src': ["'self'", ...piped],
    'font-src': ["'self'"],
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

/**
 * The headers helmet sets for this configuration, worked out once: none depends on the request, and
 * helmet would otherwise rebuild the CSP and run a dozen callbacks for every response.
 */
function helmetHeaders(config: Pick<Config, 'pipedApiUrls'>): Array<[string, string]> {
  const middleware = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(config) },
    // require-corp would block the cross-origin Piped thumbnails and audio, which send no CORP header.
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    // same-origin, not no-referrer: cross-site loads (Piped proxies) learn nothing of a room's URL, while
    // our own writes keep their Origin header, which no-referrer would turn into `null` and csrf.ts refuse.
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
    // Sent by securityHeaders only for HTTPS requests: on plain HTTP it means nothing and would mislead.
    strictTransportSecurity: false,
  });
  const headers: Array<[string, string]> = [];
  // Only what helmet's middleware touches; it also removes X-Powered-By, which neither Node nor Koa sets.
  const res = { setHeader: (name: string, value: unknown) => { headers.push([name, String(value)]); }, removeHeader: () => {} };
  let done = false;
  middleware({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously: its headers can no longer be worked out once');
  return headers;
}

export function securityHeaders(config: Pick<Config, 'pipedApiUrls'>): Middleware {
  const headers = helmetHeaders(config);
  return (ctx: Context, next: Next) => {
    // ctx.secure honours X-Forwarded-Proto only with TRUST_PROXY (app.proxy).
    if (ctx.secure) ctx.set('Strict-Transport-Security', HSTS);
    for (const [name, value] of headers) ctx.res.setHeader(name, value);
    return next();
  };
}
