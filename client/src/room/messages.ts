// What the connection reads from the document and says over the socket, and close codes in words.
import type * as Y from 'yjs';
import { CloseCode } from '../../../shared/errors.ts';
// The room modules one by one, not the shared/room-doc.ts barrel: the barrel also carries the zod
// validators, which the browser does not need.
import { readHistory, readPlayback, readQueue, readSettings, readUpNext } from '../../../shared/room/doc.ts';
import type { ClientMessage, ServerMessage } from '../../../shared/room/protocol.ts';
import type { RoomCommand } from '../player/types.ts';

/** Everything the room page shows, read in one pass after each change. */
export function readRoom(doc: Y.Doc) {
  const queue = readQueue(doc);
  const playback = readPlayback(doc);
  const current = queue.find((e) => e.id === playback.entryId) ?? null;
  return { current, upNext: readUpNext(doc, queue, playback.entryId), history: readHistory(doc), playback: current || playback.entryId ? playback : null, settings: readSettings(doc) };
}

/** The stateless message for a playback request (shared/room/protocol.ts). */
export function commandMessage(command: RoomCommand, currentId: string | null): ClientMessage {
  switch (command.type) {
    case 'skipVote':
      return { type: 'vote-skip', entryId: currentId ?? '' };
    case 'play':
    case 'pause':
    case 'previous':
      return { type: 'playback', command: { action: command.type } };
    case 'seek':
      return { type: 'playback', command: { action: 'seek', positionMs: Math.round(command.positionMs) } };
    case 'jump':
      return { type: 'playback', command: { action: 'jump', entryId: command.entryId } };
    case 'next':
      // Naming the entry being skipped makes simultaneous presses skip once.
      return { type: 'playback', command: { action: 'next', ...(currentId ? { entryId: currentId } : {}) } };
  }
}

/** Closes that end the room for this page (the socket stops reconnecting). */
export const fatalCloseMessages: Record<number, string> = {
  [CloseCode.unauthorized]: 'Your pass for this room has expired. Join again.',
  [CloseCode.forbidden]: 'You are not allowed in this room.',
  [CloseCode.roomNotFound]: 'There is no room with this code.',
  [CloseCode.roomDeleted]: 'The host closed this room.',
  [CloseCode.removed]: 'The host removed you from this room.',
};

export const UNAVAILABLE_MESSAGE = "The room's server is unavailable; reconnecting…";
export const TOO_MANY_CONNECTIONS_MESSAGE = 'Too many Jamroom connections are open from your network. Close some Jamroom tabs; this one retries in a while…';
export const REFUSED_AGAIN_MESSAGE = "The room could not use this device's copy of the queue, even fresh from the room. Reload the page to try again.";

/** The close code behind a refusal "<reason>: <detail>" (server/rooms/auth-extension.ts), if it is one we know. */
export function refusalCode(reason: string): number | undefined {
  return ({ unauthorized: CloseCode.unauthorized, forbidden: CloseCode.forbidden, 'room-not-found': CloseCode.roomNotFound, 'room-deleted': CloseCode.roomDeleted, removed: CloseCode.removed } as Record<string, number>)[reason.split(':')[0]];
}

/** A refusal in words. */
export function refusalMessage(reason: string): string {
  return fatalCloseMessages[refusalCode(reason) ?? 0] ?? 'You cannot enter this room right now. Join it again.';
}

/** A stateless message from the server, or null when it is not one this client knows. */
export function parseServerMessage(payload: string): ServerMessage | null {
  try {
    const msg = JSON.parse(payload) as ServerMessage;
    return msg && typeof msg === 'object' && typeof msg.type === 'string' ? msg : null;
  } catch {
    return null;
  }
}
