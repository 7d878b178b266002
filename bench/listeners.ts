// Raw websocket clients for the benches: they speak a sync server's protocol (Hocuspocus's or y-websocket's)
// on a plain socket and never decode or apply what they receive, so a bench process can host hundreds of
// them and time the server, not 200 copies of a client library's work in one process.
import WebSocket from 'ws';

/** A receiving client: each `onFrame` callback gets each frame as it arrives; `setPresence` sends an awareness state. */
export type Listener = {
  ready: Promise<void>;
  onFrame: (fn: (frame: Buffer) => void) => void;
  setPresence: (state: object) => void;
  close: () => void;
};

const varUint = (n: number) => { const out: number[] = []; while (n > 127) { out.push(0x80 | (n & 127)); n >>>= 7; } out.push(n); return out; };
const varString = (s: string) => varUint8Array([...Buffer.from(s)]);
const varUint8Array = (bytes: number[]) => [...varUint(bytes.length), ...bytes];
/** The offset just past a var-length string (a Hocuspocus frame's document name). */
const skipVarString = (buf: Buffer) => {
  let len = 0; let shift = 0; let i = 0;
  for (; i < buf.length; i++) { len |= (buf[i] & 127) << shift; shift += 7; if (buf[i] < 128) break; }
  return i + 1 + len;
};
/** Hocuspocus message types (@hocuspocus/server's MessageType) and sync steps (y-protocols). */
const HP = { sync: 0, awareness: 1, auth: 2, syncReply: 4, authToken: 0, authenticated: 2, step1: 0, step2: 1 } as const;

/** A raw Hocuspocus client: authenticates, sends sync step 1 with an empty state vector, ready at sync step 2. */
export function hocuspocusListener(url: string, docName: string, token: string | null): Listener {
  const ws = new WebSocket(url);
  const name = varString(docName);
  const clientId = Math.floor(Math.random() * 2 ** 31);
  let clock = 0;
  const onFrame: Array<(frame: Buffer) => void> = [];
  // Hocuspocus closes a connection it has heard nothing from for 60 s: an empty awareness update keeps it.
  const keepAlive = setInterval(() => ws.send(Buffer.from([...name, HP.awareness, 1, 0])), 20_000);
  const ready = new Promise<void>((resolve, reject) => {
    ws.once('open', () => ws.send(Buffer.from([...name, HP.auth, HP.authToken, ...varString(token ?? '')])));
    ws.once('close', (code) => { clearInterval(keepAlive); reject(new Error(`listener closed with ${code}`)); });
    ws.on('message', (data: Buffer) => {
      const at = skipVarString(data);
      const [type, step] = [data[at], data[at + 1]];
      if (type === HP.auth && step === HP.authenticated) ws.send(Buffer.from([...name, HP.sync, HP.step1, 1, 0]));
      else if ((type === HP.sync || type === HP.syncReply) && step === HP.step2) resolve();
      for (const fn of onFrame) fn(data);
    });
  });
  return {
    ready, onFrame: (fn) => { onFrame.push(fn); },
    // One awareness update of this client's state, as a provider's awareness sends it.
    setPresence: (state) => ws.send(Buffer.from([...name, HP.awareness, ...varUint8Array([1, ...varUint(clientId), ...varUint(++clock), ...varString(JSON.stringify(state))])])),
    close: () => { clearInterval(keepAlive); ws.close(); },
  };
}

/** A raw y-websocket client: the server adds it to the room at once and opens with its sync step 1. */
export function yWebsocketListener(url: string, docName: string): Listener {
  const ws = new WebSocket(`${url}/${docName}`);
  const onFrame: Array<(frame: Buffer) => void> = [];
  const ready = new Promise<void>((resolve, reject) => {
    ws.once('close', (code) => reject(new Error(`listener closed with ${code}`)));
    ws.on('message', (data: Buffer) => { resolve(); for (const fn of onFrame) fn(data); });
  });
  return {
    ready, onFrame: (fn) => { onFrame.push(fn); }, close: () => ws.close(),
    setPresence: () => { throw new Error('not needed by the benches'); },
  };
}

