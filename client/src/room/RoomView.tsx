// A joined room: now playing (with reactions), Up Next, history, chat, people, sharing, search and host
// settings, with the player following the room's clock.
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createEffect, createResource, createSignal, on, onCleanup, onMount, Show } from 'solid-js';
import { ApiError, errorMessage } from '../api/client.ts';
import { catalog, library, rooms, streamUrl } from '../api/endpoints.ts';
import { ChatPanel } from '../components/ChatPanel.tsx';
import { EditNote } from '../components/EditNote.tsx';
import { HistoryList } from '../components/HistoryList.tsx';
import { createMemberAdmin } from '../components/member-admin.ts';
import { MemberList } from '../components/MemberList.tsx';
import { NowPlaying } from '../components/NowPlaying.tsx';
import { OfflineBanner } from '../components/OfflineBanner.tsx';
import { QueueList } from '../components/QueueList.tsx';
import { ReactionBar, ReactionFloats } from '../components/Reactions.tsx';
import { RoomSettingsForm } from '../components/RoomSettingsForm.tsx';
import { SearchPanel } from '../components/SearchPanel.tsx';
import { ShareCode } from '../components/ShareCode.tsx';
import { AudioController, type PlayerState, type PlayerTrack } from '../player/audio-controller.ts';
import { playerKey, SEEK_STEP_MS } from '../player/keyboard.ts';
import { forgetGuest, recentRooms, rememberRoom, session } from '../state/session.ts';
import { connectRoom } from './connection.ts';
import { createQueueEdits } from './queue-edits.ts';
import type { RoomIdentity } from './identity.ts';
import { permissionsFor, type Permissions, type Role } from '../../../shared/room/permissions.ts';
import type { QueueEntry } from './types.ts';

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

export default function RoomView(props: { code: string; identity: RoomIdentity; onLeave: () => void; onNotFound: () => void }) {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams<{ add?: string; mode?: string; playlist?: string }>();
  const conn = connectRoom(props.code, props.identity.token, props.identity.presence, {
    fallbackPermissions: () => fallbackPermissions(),
    memberId: props.identity.isGuest ? props.identity.presence.id : undefined,
  });
  onCleanup(() => conn.destroy());
  const browserOnline = useBrowserOnline();
  // Room details are a nicety (name, host): offline, the page works from the document and what we remember.
  const [info] = createResource(async () => {
    try {
      const room = await rooms.get(props.code);
      rememberRoom(props.code, room.name);
      return room;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) props.onNotFound();
      return null;
    }
  });
  const roomName = () => info()?.name ?? recentRooms().find((r) => r.code === props.code)?.name ?? `Room ${props.code}`;
  const [showSearch, setShowSearch] = createSignal(false);

  const isHost = () => !!info()?.hostId && info()!.hostId === session.user()?.id;
  const role = (): Role => (isHost() ? 'host' : props.identity.isGuest ? 'guest' : 'member');
  // Until the server's first `access` message (offline, say), the room-wide settings decide: the synced
  // document's, else the room details' (an empty document reads as the defaults, "everyone"), else the
  // stored copy's when the details cannot be had (offline).
  const knownSettings = () => (conn.synced() ? conn.room().settings : info()?.settings ?? (info.loading || !conn.loadedLocally() ? null : conn.room().settings));
  const fallbackPermissions = () => {
    const settings = knownSettings();
    return settings ? permissionsFor(role(), settings) : NOTHING_YET;
  };
  // What the server says this connection may do (settings and the host's per-member overrides); it
  // undoes anything else and says so.
  const permissions = () => conn.access()?.permissions ?? fallbackPermissions();
  const canAdd = () => permissions().add;
  const canEdit = () => permissions().add || permissions().manage;
  const canControl = () => permissions().control;
  const admin = createMemberAdmin({ code: props.code, enabled: isHost, presence: conn.members, settings: () => conn.room().settings });

  const [player, setPlayer] = createSignal<PlayerState>({ mode: 'room', needsTap: false, buffering: false, error: null, playing: false, positionMs: 0, track: null });
  let audioBox!: HTMLDivElement;
  let controller: AudioController | undefined;
  onMount(() => {
    const ctl = (controller = new AudioController({ container: audioBox, serverNowMs: conn.serverNowMs, streamUrl, onState: setPlayer, onCommand: conn.command }));
    createEffect(() => {
      const r = conn.room();
      ctl.setRoom(toPlayerTrack(r.current), toPlayerTrack(r.upNext[0]), r.playback);
    });
    createEffect(on(() => player().mode, (mode) => conn.setActivity(mode === 'solo' ? 'listening on their own' : '')));
    const onKey = (e: KeyboardEvent) => {
      const key = playerKey(e);
      if (!key) return;
      e.preventDefault();
      const solo = player().mode === 'solo';
      const control = solo || canControl();
      const pos = player().positionMs;
      if (key === 'toggle' && control) {
        if (solo) ctl.toggleLocal();
        else conn.command({ type: player().playing ? 'pause' : 'play' });
      }
      else if ((key === 'seekBack' || key === 'seekForward') && control) {
        const to = Math.max(0, pos + (key === 'seekBack' ? -SEEK_STEP_MS : SEEK_STEP_MS));
        if (solo) ctl.seekLocal(to);
        else conn.command({ type: 'seek', positionMs: to });
      } else if (key === 'volumeUp' || key === 'volumeDown') ctl.setVolume(ctl.volume + (key === 'volumeUp' ? 0.1 : -0.1));
      else if ((key === 'next' || key === 'previous') && canControl()) conn.command({ type: key });
    };
    document.addEventListener('keydown', onKey);
    onCleanup(() => (document.removeEventListener('keydown', onKey), ctl.destroy()));
  });

  const edits = createQueueEdits(conn, canAdd);
  const add = edits.add;

  // Adds handed over from the search or playlist pages, once the room has synced.
  createEffect(
    on(conn.synced, async (synced) => {
      if (!synced || (!params.add && !params.playlist)) return;
      const { add: videoId, mode, playlist } = params;
      setParams({ add: undefined, mode: undefined, playlist: undefined }, { replace: true });
      try {
        if (videoId) add([await catalog.track(videoId)], mode === 'next' ? 'next' : 'end');
        if (playlist) add((await library.playlist(playlist)).tracks.map((e) => e.track), 'end');
      } catch (err) {
        edits.say(errorMessage(err));
      }
    }),
  );

  return (
    <div class="room">
      <OfflineBanner online={browserOnline() && conn.online()} pendingCount={conn.pendingIds().size} />
      <Show when={conn.fatal()}>
        <div class="banner offline" role="alert">
          {conn.fatal()}{' '}
          <button class="btn" type="button" onClick={() => {
              if (!props.identity.isGuest) return navigate('/');
              forgetGuest(props.code);
              // Removed by the host: coming back takes the code again, from the start page.
              if (conn.removed()) return navigate('/');
              props.onLeave();
            }}>
            {props.identity.isGuest && !conn.removed() ? 'Join again' : 'Leave'}
          </button>
        </div>
      </Show>
      <header class="room-head">
        <h1>{roomName()}</h1>
        <ShareCode code={props.code} />
      </header>
      <div class="room-grid">
        <div class="room-main">
          <NowPlaying
            player={player()}
            canControl={canControl()}
            hasQueue={conn.room().upNext.length > 0}
            skipVotes={conn.room().settings.skipVotes > 0 ? { needed: conn.skipVotes()?.needed ?? conn.room().settings.skipVotes, count: conn.skipVotes()?.entryId === conn.room().playback?.entryId ? conn.skipVotes()?.votes : 0 } : undefined}
            onCommand={conn.command}
            onTapToListen={() => void controller?.tapToListen()}
            onDetach={() => controller?.detach()}
            onRejoin={() => controller?.rejoin()}
            onLocalToggle={() => controller?.toggleLocal()}
            onLocalSeek={(ms) => controller?.seekLocal(ms)}
          >
            <Show when={conn.room().current && player().mode === 'room' && permissions().chat}>
              <ReactionBar disabled={!conn.chat.ready()} onReact={conn.chat.react} />
            </Show>
            <ReactionFloats reactions={conn.chat.reactions()} />
          </NowPlaying>
          <div class="add-bar">
            <Show when={canAdd() || showSearch()}>
              <button class="btn primary" type="button" aria-expanded={showSearch()} aria-controls="room-search" onClick={() => setShowSearch(!showSearch())}>
                {showSearch() ? 'Close search' : 'Add songs'}
              </button>
            </Show>
            <EditNote text={edits.note()} offersUndo={edits.offersUndo()} onUndo={edits.undo} />
          </div>
          <Show when={showSearch()}>
            <section id="room-search" class="panel" aria-label="Add songs">
              <SearchPanel
                idPrefix="room-search"
                search={(q, f, signal) => catalog.search(q, f, signal)}
                suggest={(q, signal) => catalog.suggestions(q, signal)}
                openCollection={(id, signal) => catalog.collection(id, signal)}
                onAddAll={canAdd() ? (tracks) => add(tracks, 'end') : undefined}
                onAdd={canAdd() ? (t) => add([t], 'end') : undefined}
                onPlayNext={canAdd() ? (t) => add([t], 'next') : undefined}
                onPreview={(t) => controller?.detach({ ...t, entryId: `preview-${t.videoId}` })}
              />
            </section>
          </Show>
          <QueueList entries={conn.room().upNext} canEdit={canEdit()} pendingIds={conn.pendingIds()} onMove={edits.move} onRemove={edits.remove} onPlayNext={(id) => edits.move(id, 0)} />
        </div>
        <aside class="room-side">
          <ChatPanel chat={conn.chat} online={browserOnline() && conn.online()} muted={!permissions().chat} canDelete={isHost() || conn.access()?.role === 'host'} />
          <MemberList members={conn.members()} admin={isHost() ? admin : undefined} />
          <Show when={props.identity.isGuest}>
            <p class="panel hint">
              You are here as a guest. <A href={`/register?next=/r/${props.code}`}>Create an account</A> to like songs and keep playlists; you stay in this room.
            </p>
          </Show>
          <Show when={isHost()}>
            <RoomSettingsForm settings={conn.room().settings} onChange={(changes) => void rooms.update(props.code, { settings: { ...conn.room().settings, ...changes } }).catch((err) => edits.say(errorMessage(err)))} />
          </Show>
        </aside>
        <div class="room-more">
          <HistoryList entries={conn.room().history} canAdd={canAdd()} onAddAgain={(e) => add([e], 'end')} />
        </div>
      </div>
      <div ref={audioBox} class="audio-box" />
    </div>
  );
}
