// Hocuspocus on the HTTP server's port, at /yjs (Hocuspocus 4: we own the WebSocketServer).
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hocuspocus } from '@hocuspocus/server';
import { WebSocketServer } from 'ws';

export const SYNC_PATH = '/yjs';
/** Largest websocket frame accepted; bigger frames close the socket (1009) before Yjs sees them. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

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
      ws.on('message', (data: Buffer) => conn.handleMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
      ws.on('close', (code, reason) => conn.handleClose({ code, reason: String(reason) }));
      ws.on('error', () => ws.terminate());
    });
  });
  return wss;
}
