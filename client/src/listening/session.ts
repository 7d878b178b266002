// The room this tab is in, kept at app level: its connection (room/connection.ts), its player, the room's
// details and what I may do there. Opening the room's page joins it or finds it already joined; other
// pages leave it playing; another room's page switches rooms; "Leave room" ends it (current.ts).
import { createEffect, createResource, createRoot, createSignal, on, onCleanup, untrack } from 'solid-js';
import { ApiError } from '../api/client.ts';
import { rooms, streamUrl } from '../api/endpoints.ts';
import type { Track } from '../api/types.ts';
import { AudioController, type PlayerState, type PlayerTrack } from '../player/audio-controller.ts';
import { followVolume } from '../player/volume.ts';
import { connectRoom } from '../room/connection.ts';
import type { RoomIdentity } from '../room/identity.ts';
import type { AddMode, QueueEntry } from '../room/types.ts';
import { recentRooms, rememberRoom, session as appSession } from '../state/session.ts';
import { permissionsFor, type Permissions, type Role } from '../../../shared/room/permissions.ts';
import { audioContainer, current, IDLE_PLAYER, switchTo, type Listening } from './current.ts';

const toPlayerTrack = (e: QueueEntry | null | undefined): PlayerTrack | null => (e ? { ...e, entryId: e.id } : null);
/** Before anything says what the room allows. Chat is not a room-wide setting: only the host mutes. */
const NOTHING_YET: Permissions = { add: false, manage: false, control: false, chat: true };

function useBrowserOnline() {
  const [online, setOnline] = createSignal(navigator.onLine);
  const update = () => setOnline(navigator.onLine);
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  onCleanup(() => (window.removeEventListener('online', update), window.removeEventListener('offline', update)));
  return online;
}

function startRoom(code: string, identity: RoomIdentity) {
  const conn = connectRoom(code, identity.token, identity.presence, {
    fallbackPermissions: () => fallbackPermissions(),
    memberId: identity.isGuest ? identity.presence.id : undefined,
  });
  onCleanup(() => conn.destroy());
  const browserOnline = useBrowserOnline();
  const [notFound, setNotFound] = createSignal(false);
  // Room details are a nicety (name, host): offline, the room works from the document and what we remember.
  const [info] = createResource(async () => {
    try {
      const room = await rooms.get(code);
      rememberRoom(code, room.name);
      return room;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setNotFound(true);
      return null;
    }
  });
  const roomName = () => info.latest?.name ?? recentRooms().find((r) => r.code === code)?.name ?? `Room ${code}`;

  const isHost = () => !!info.latest?.hostId && info.latest.hostId === appSession.user()?.id;
  const role = (): Role => (isHost() ? 'host' : identity.isGuest ? 'guest' : 'member');
  // Until the server's first `access` message (offline, say), the room-wide settings decide: the synced
  // document's, else the room details' (an empty document reads as the defaults, "everyone"), else the
  // stored copy's when the details cannot be had (offline).
  const knownSettings = () => (conn.synced() ? conn.room().settings : info.latest?.settings ?? (info.loading || !conn.loadedLocally() ? null : conn.room().settings));
  const fallbackPermissions = () => {
    const settings = knownSettings();
    return settings ? permissionsFor(role(), settings) : NOTHING_YET;
  };
  // What the server says this connection may do (settings and the host's per-member overrides); it
  // undoes anything else and says so.
  const permissions = () => conn.access()?.permissions ?? fallbackPermissions();
  const canAdd = () => permissions().add;
  const canControl = () => permissions().control;
  const online = () => browserOnline() && conn.online();

  const [player, setPlayer] = createSignal<PlayerState>(IDLE_PLAYER);
  const controller = new AudioController({ container: audioContainer(), serverNowMs: conn.serverNowMs, streamUrl, onState: setPlayer, onCommand: conn.command });
  onCleanup(() => controller.destroy());
  followVolume(controller);
  createEffect(() => {
    // The room is over for this tab (removed by the host, room closed, pass refused): its music stops too.
    if (conn.fatal()) return controller.setRoom(null, null, null);
    const r = conn.room();
    controller.setRoom(toPlayerTrack(r.current), toPlayerTrack(r.upNext[0]), r.playback);
  });
  createEffect(on(() => player().mode, (mode) => conn.setActivity(mode === 'solo' ? 'listening on their own' : '')));

  /** Adds from any page (the room's note stays on the room page); the sentence names the room. */
  const addToRoom = (tracks: Track[], mode: AddMode): string | null => {
    if (!canAdd() || !tracks.length) return null;
    conn.add(tracks, mode);
    return `Added ${tracks.length === 1 ? tracks[0].title : `${tracks.length} songs`} to ${roomName()}.`;
  };

  return {
    code,
    identity,
    conn,
    info,
    roomName,
    /** The server has no such room (any more). */
    notFound,
    isHost,
    permissions,
    canAdd,
    canEdit: () => permissions().add || permissions().manage,
    canControl,
    online,
    player,
    controller,
    addToRoom,
  };
}

export type RoomSession = ReturnType<typeof startRoom>;

let active: { session: RoomSession; listening: Listening } | null = null;

const samePerson = (a: RoomIdentity, b: RoomIdentity) => a.presence.id === b.presence.id && a.token === b.token && a.isGuest === b.isGuest;

/** The session for this room: the one already playing when it is this room and person, else a new one (the old one ends). */
export function enterRoom(code: string, identity: RoomIdentity): RoomSession {
  return untrack(() => {
    if (active && current() === active.listening && active.session.code === code && samePerson(active.session.identity, identity)) return active.session;
    // The old player goes first: its teardown clears the lock screen's controls, which the new one sets.
    switchTo(null);
    return createRoot((dispose) => {
      const session = startRoom(code, identity);
      const listening: Listening = {
        room: {
          code,
          identity,
          name: session.roomName,
          online: session.online,
          fatal: session.conn.fatal,
          canControl: session.canControl,
          canAdd: session.canAdd,
          hasQueue: () => session.conn.room().upNext.length > 0,
          command: session.conn.command,
          addToRoom: session.addToRoom,
        },
        player: session.player,
        controller: session.controller,
        dispose,
      };
      active = { session, listening };
      onCleanup(() => active?.session === session && (active = null));
      switchTo(listening);
      return session;
    });
  });
}

/** Whether `session` is still the one playing (not left, not replaced by another room). */
export const isCurrent = (session: RoomSession) => !!active && active.session === session && current() === active.listening;

/** Ends `session` quietly (the room is gone, or I was removed), if it is still the one playing. */
export function endRoom(session: RoomSession): void {
  if (untrack(() => isCurrent(session))) switchTo(null);
}
