// One copy of a room on this device: a Y.Doc kept in IndexedDB and synced through its own Hocuspocus
// socket. The connection (connection.ts) holds one link at a time and replaces it when the server cannot
// use this copy (close 4422): a fresh link has a fresh Y.Doc, so a fresh Yjs client id.
import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus, type onCloseParameters } from '@hocuspocus/provider';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';

export type LinkEvents = {
  onStatus: (status: WebSocketStatus) => void;
  onSynced: () => void;
  onClose: (event: onCloseParameters['event']) => void;
  onAuthenticationFailed: (reason: string) => void;
  onUnsyncedChanges: (count: number) => void;
  onStateless: (payload: string) => void;
  onLoadedLocally: () => void;
};

export type RoomLink = ReturnType<typeof openLink>;

/**
 * Ends a socket that the browser keeps half-open. Chromium does not finish closing a websocket while the
 * device is offline (the close event comes only once the network is back), so the provider would still
 * call it Connected: `connect()` on 'online' returned at once and the late close found `shouldConnect`
 * false, leaving the room offline until something else reconnected it. Dispatching the close event runs
 * the provider's own close path now (listeners removed, status Disconnected); the real close is ignored.
 */
function endSocketNow(socket: HocuspocusProviderWebsocket, reason: string) {
  const ws = socket.webSocket;
  socket.disconnect();
  if (ws && socket.status !== WebSocketStatus.Disconnected) ws.dispatchEvent(new CloseEvent('close', { code: 1000, reason, wasClean: false }));
}

export function openLink(docName: string, token: string, events: LinkEvents) {
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(docName, doc);
  const protocol = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new HocuspocusProviderWebsocket({ url: `${protocol}://${location.host}/yjs`, maxDelay: 5000, autoConnect: navigator.onLine });
  let closed = false;
  const provider: HocuspocusProvider = new HocuspocusProvider({
    websocketProvider: socket,
    name: docName,
    document: doc,
    token,
    onStatus: ({ status }) => !closed && events.onStatus(status),
    onSynced: ({ state }) => !closed && state && events.onSynced(),
    onAuthenticationFailed: ({ reason }) => !closed && events.onAuthenticationFailed(reason),
    onClose: ({ event }) => !closed && events.onClose(event),
    onUnsyncedChanges: ({ number }) => !closed && events.onUnsyncedChanges(number),
    onStateless: ({ payload }) => !closed && events.onStateless(payload),
  });
  // Sync only once the stored copy is in the document: what IndexedDB holds then reaches the server through
  // the sync handshake (only what the server lacks), not re-sent as fresh edits.
  void persistence.whenSynced.then(() => {
    if (closed) return;
    events.onLoadedLocally();
    provider.attach();
  });
  // Leaving the page: drop my presence now, so the others do not see me twice after a reload.
  const onPageHide = () => provider.awareness?.setLocalState(null);
  window.addEventListener('pagehide', onPageHide);

  return {
    doc,
    provider,
    awareness: provider.awareness,
    /** The device went offline: stop using the socket (edits stay local and in IndexedDB). */
    goOffline: () => endSocketNow(socket, 'offline'),
    goOnline: () => void socket.connect(),
    /** Stops reconnecting (a fatal close, or this copy is being replaced). */
    stop: () => socket.disconnect(),
    /** Tears the link down; with `clearLocal` the stored copy goes too (the server could not use it). */
    close: async ({ clearLocal = false } = {}) => {
      if (closed) return;
      closed = true;
      window.removeEventListener('pagehide', onPageHide);
      provider.destroy();
      socket.destroy();
      if (clearLocal) await persistence.clearData();
      else await persistence.destroy();
      doc.destroy();
    },
  };
}
