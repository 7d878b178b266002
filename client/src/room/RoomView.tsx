// A joined room: now playing (with reactions), Up Next, history, chat, people, sharing, search and host
// settings. A view of the app-level session (listening/session.ts): leaving the page keeps the room
// playing; "Leave room" ends it.
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, on, Show } from 'solid-js';
import { errorMessage } from '../api/client.ts';
import { catalog, library, rooms } from '../api/endpoints.ts';
import { ChatPanel } from '../components/ChatPanel.tsx';
import { HistoryList } from '../components/HistoryList.tsx';
import { createTrackActions } from '../components/track-actions.ts';
import { createMemberAdmin } from '../components/member-admin.ts';
import { MemberList } from '../components/MemberList.tsx';
import { NowPlaying } from '../components/NowPlaying.tsx';
import { OfflineBanner } from '../components/OfflineBanner.tsx';
import { QueueList } from '../components/QueueList.tsx';
import { ReactionBar, ReactionFloats } from '../components/Reactions.tsx';
import { RoomSettingsForm } from '../components/RoomSettingsForm.tsx';
import { ShareCode } from '../components/ShareCode.tsx';
import { stopListening } from '../listening/current.ts';
import { listening } from '../listening/now.ts';
import { endRoom, enterRoom } from '../listening/session.ts';
import { forgetGuest } from '../state/session.ts';
import { AddSongs } from './AddSongs.tsx';
import { UNATTENDED } from '../../../shared/room/playback.ts';
import type { RoomIdentity } from './identity.ts';
import { createQueueEdits } from './queue-edits.ts';

export default function RoomView(props: { code: string; identity: RoomIdentity; onLeave: () => void; onNotFound: () => void }) {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams<{ add?: string; mode?: string; playlist?: string }>();
  // Joins the room, or finds it already playing (back from another page).
  const room = enterRoom(props.code, props.identity);
  const { conn, controller } = room;
  const player = room.player;
  createEffect(() => room.notFound() && (endRoom(room), props.onNotFound()));
  const admin = createMemberAdmin({ code: props.code, enabled: room.isHost, presence: conn.members, settings: () => conn.room().settings });
  const edits = createQueueEdits(conn, room.canAdd);
  const add = edits.add;
  // Played songs offer what every track row does; adds go through this room's edits (with Undo).
  const songs = createTrackActions({ canAdd: room.canAdd, add });
  // Which played songs I like: asked again only when the played list itself changes (newest 200).
  const recentlyPlayed = createMemo(() => conn.room().history.slice(-200), [], { equals: (a, b) => a.length === b.length && a.every((e, i) => e.id === b[i].id) });
  createEffect(() => songs.lookUpLikes(recentlyPlayed()));
  const leave = () => {
    stopListening();
    navigate('/');
  };

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
      <OfflineBanner online={room.online()} pendingCount={conn.pendingIds().size} />
      <Show when={conn.fatal()}>
        <div class="banner offline" role="alert">
          {conn.fatal()}{' '}
          <button class="btn" type="button" onClick={() => {
              endRoom(room);
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
        <h1>{room.roomName()}</h1>
        <ShareCode code={props.code} />
        <button class="btn ghost small leave" type="button" onClick={leave}>
          Leave room
        </button>
      </header>
      <div class="room-grid">
        <div class="room-main">
          <NowPlaying
            player={player()}
            canControl={room.canControl()}
            hasQueue={conn.room().upNext.length > 0}
            skipVotes={conn.room().settings.skipVotes > 0 ? { needed: conn.skipVotes()?.needed ?? conn.room().settings.skipVotes, count: conn.skipVotes()?.entryId === conn.room().playback?.entryId ? conn.skipVotes()?.votes : 0 } : undefined}
            onCommand={conn.command}
            onTapToListen={() => void controller.tapToListen()}
            onDetach={() => controller.detach()}
            onRejoin={() => controller.rejoin()}
            onLocalToggle={() => controller.toggleLocal()}
            onLocalSeek={(ms) => controller.seekLocal(ms)}
          >
            <Show when={conn.room().current && player().mode === 'room' && room.permissions().chat}>
              <ReactionBar disabled={!conn.chat.ready()} onReact={conn.chat.react} />
            </Show>
            <ReactionFloats reactions={conn.chat.reactions()} />
            <Show when={conn.room().playback?.status === 'paused' && conn.room().playback?.updatedBy === UNATTENDED}>
              <p class="hint">The room paused when everyone left. Press play to carry on from here.</p>
            </Show>
          </NowPlaying>
          <AddSongs
            canAdd={room.canAdd()}
            note={edits.note()}
            offersUndo={edits.offersUndo()}
            onUndo={edits.undo}
            onAdd={add}
            onPreview={listening.preview}
          />
          <QueueList entries={conn.room().upNext} canEdit={room.canEdit()} pendingIds={conn.pendingIds()} skipTo="after-queue" onMove={edits.move} onRemove={edits.remove} onPlayNext={(id) => edits.move(id, 0)} />
        </div>
        <aside class="room-side" id="after-queue" tabindex="-1" aria-label="Chat and people">
          <ChatPanel chat={conn.chat} online={room.online()} muted={!room.permissions().chat} canDelete={room.isHost() || conn.access()?.role === 'host'} />
          <MemberList members={conn.members()} admin={room.isHost() ? admin : undefined} />
          <Show when={props.identity.isGuest}>
            <p class="panel hint">
              You are here as a guest. <A href={`/register?next=/r/${props.code}`}>Create an account</A> to like songs and keep playlists; you stay in this room.
            </p>
          </Show>
          <Show when={room.isHost()}>
            <RoomSettingsForm settings={conn.room().settings} onChange={(changes) => void rooms.update(props.code, { settings: { ...conn.room().settings, ...changes } }).catch((err) => edits.say(errorMessage(err)))} />
          </Show>
        </aside>
        <div class="room-more">
          <HistoryList entries={conn.room().history} actions={songs.actions} note={songs.note()} />
        </div>
      </div>
    </div>
  );
}
