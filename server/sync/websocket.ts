// Hocuspocus on the HTTP server's port, at /yjs (Hocuspocus 4: we own the WebSocketServer).
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hocuspocus } from '@hocuspocus/server';
import { WebSocketServer } from 'ws';
import { CloseCode } from '../../shared/errors.ts';

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

export function attachSync(server: Server, hocuspocus: Hocuspocus) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== SYNC_PATH && !url.pathname.startsWith(`${SYNC_PATH}/`)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, { headers });
      // The socket rides in the context so a hook can close it with a Jamroom close code (auth failures).
      const conn = hocuspocus.handleConnection(ws as never, request, { ip: req.socket.remoteAddress, socket: ws });
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
      ws.on('close', (code, reason) => conn.handleClose({ code, reason: String(reason) }));
      ws.on('error', () => ws.terminate());
    });
  });
  return wss;
}
