// Hocuspocus on the HTTP server's port, at /yjs (Hocuspocus 4: we own the WebSocketServer).
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hocuspocus } from '@hocuspocus/server';
import { WebSocketServer } from 'ws';
import { CloseCode } from '../../shared/errors.ts';
import { clientNetwork } from '../http/network.ts';
import { clientAddress, isForeignOrigin, requestHost, requestProtocol } from '../http/origin.ts';
import type { Logger } from '../log.ts';

export const SYNC_PATH = '/yjs';
/** Largest websocket frame accepted; bigger frames close the socket (1009) before Yjs sees them. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/**
 * Per connection: a burst of MESSAGE_BURST messages, then MESSAGES_PER_S sustained (a person typing,
 * dragging and moving a cursor sends a few dozen a second at most); the same for bytes. Past either the
 * socket is closed with 4429, and nobody else in the room notices.
 */
export const MESSAGES_PER_S = 100;
export const MESSAGE_BURST = 400;
export const BYTES_PER_S = 2 * 1024 * 1024;
export const BYTES_BURST = 16 * 1024 * 1024;

/** Two token buckets (messages, bytes) refilled continuously. */
export function connectionBudget(now = () => performance.now()) {
  let messages = MESSAGE_BURST;
  let bytes = BYTES_BURST;
  let last = now();
  return (size: number) => {
    const t = now();
    const dt = (t - last) / 1000;
    last = t;
    messages = Math.min(MESSAGE_BURST, messages + dt * MESSAGES_PER_S) - 1;
    bytes = Math.min(BYTES_BURST, bytes + dt * BYTES_PER_S) - size;
    return messages >= 0 && bytes >= 0;
  };
}

export type SyncOptions = {
  /** Read X-Forwarded-* (the client's address, protocol and host) as Koa does with `proxy`. */
  trustProxy?: boolean;
  /** Websockets one address may hold at once; more are closed with 4430 as soon as they open. */
  maxPerAddress?: number;
  log?: Logger;
};

export const TOO_MANY_CONNECTIONS_REASON = 'too many connections from your address: close other Jamroom tabs, then retry';

/** Open sockets per client address, counted while they live. */
function addressCounter(max: number) {
  const open = new Map<string, number>();
  const full = new Set<string>();
  return {
    /**
     * Counts one more for `address`, or refuses when it already holds `max`; `first` marks the first
     * refusal since it was last below the cap (so a flood logs one line, not one per socket).
     */
    take(address: string): { release: () => void } | { first: boolean } {
      const n = open.get(address) ?? 0;
      if (n >= max) {
        const first = !full.has(address);
        full.add(address);
        return { first };
      }
      open.set(address, n + 1);
      let released = false;
      return {
        release: () => {
          if (released) return;
          released = true;
          full.delete(address);
          const left = (open.get(address) ?? 1) - 1;
          if (left > 0) open.set(address, left);
          else open.delete(address);
        },
      };
    },
  };
}

/**
 * The Request Hocuspocus sees. A page on another site can open this socket with the user's cookies (the
 * browser attaches them, and names the page in Origin): its cookies are dropped, so it is as unauthenticated
 * as it is on the REST side (csrf.ts) and is refused with 4401. A token sent in the first message — what
 * non-browser clients and guests use, and what a foreign page cannot read — still authenticates.
 * The URL is built on a fixed base: a Host header is whatever the client wrote ("a b" is no URL).
 * Hocuspocus reads only `url` and `headers` of it: a fetch Request built per connect was 0.1 ms of CPU.
 */
function hocuspocusRequest(url: URL, req: IncomingMessage, foreign: boolean): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !(foreign && k === 'cookie')) headers.set(k, v);
  return { url: url.href, headers } as Request;
}

/** The upgrade's path and query, or null when its request target is no URL. */
function parseTarget(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

export function attachSync(server: Server, hocuspocus: Hocuspocus, { trustProxy = false, maxPerAddress = Infinity, log }: SyncOptions = {}) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const perAddress = addressCounter(maxPerAddress);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = parseTarget(req);
    if (!url) return void socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    if (url.pathname !== SYNC_PATH && !url.pathname.startsWith(`${SYNC_PATH}/`)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const ip = clientAddress(req, trustProxy);
    const origin = req.headers.origin;
    const foreign = isForeignOrigin(origin, requestProtocol(req, trustProxy), requestHost(req, trustProxy));
    if (foreign && req.headers.cookie) log?.info({ ip, origin, host: requestHost(req, trustProxy) }, 'websocket from another site: its cookies are ignored');
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      const slot = perAddress.take(clientNetwork(ip));
      if (!('release' in slot)) {
        // Accepted, then closed at once: a browser can read a close code, not a refused upgrade.
        const hint = trustProxy ? '' : ' (behind a reverse proxy every client shares its address: set TRUST_PROXY=true)';
        if (slot.first) log?.warn({ ip, max: maxPerAddress }, `websockets refused: this address holds WS_MAX_PER_ADDRESS open already${hint}`);
        ws.close(CloseCode.tooManyConnections, TOO_MANY_CONNECTIONS_REASON);
        setTimeout(() => ws.terminate(), 1000).unref();
        return;
      }
      let conn: ReturnType<Hocuspocus['handleConnection']>;
      try {
        // The socket rides in the context so a hook can close it with a Jamroom close code (auth failures).
        conn = hocuspocus.handleConnection(ws as never, hocuspocusRequest(url, req, foreign), { ip, socket: ws });
      } catch (err) {
        // Thrown from here it would reach the HTTP server's 'upgrade' event and end the process.
        slot.release();
        log?.error({ err }, 'websocket setup failed');
        return void ws.terminate();
      }
      const allowed = connectionBudget();
      let cut = false;
      ws.on('message', (data: Buffer) => {
        if (cut) return;
        if (!allowed(data.byteLength)) {
          cut = true;
          ws.close(CloseCode.tooManyMessages, 'too many messages: slow down');
          setTimeout(() => ws.terminate(), 1000).unref(); // a flooder may never answer the close
          return;
        }
        conn.handleMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      });
      ws.on('close', (code, reason) => {
        slot.release();
        conn.handleClose({ code, reason: String(reason) });
      });
    });
  });
  return wss;
}
