// Room chat and reactions over the room's websocket. The author is the connection's session (auth-extension.ts),
// never what the client wrote; a message is stored, then sent to the room on every node (the Redis relay
// carries stateless broadcasts). Chat never touches the room document, so the queue's path is unchanged.
import type { afterUnloadDocumentPayload, Connection, Document, Extension, onStatelessPayload } from '@hocuspocus/server';
import { z } from 'zod';
import { REACTIONS, type Reaction } from '../../shared/api/rooms.ts';
import { readPlayback } from '../../shared/room/doc.ts';
import { ClientMessageSchema, type ServerMessage } from '../../shared/room/protocol.ts';
import type { Deps } from '../deps.ts';
import type { RateLimit } from '../http/rate-limit.ts';
import { actorName } from '../rooms/access.ts';
import type { RoomContext } from '../rooms/auth-extension.ts';
import { cleanText, deleteMessage, storeMessage, textProblem, trimRoom, type ChatAuthor } from './messages.ts';

const CHAT_LIMIT: RateLimit = { name: 'chat', limit: 5, windowS: 10 };
const REACT_LIMIT: RateLimit = { name: 'react', limit: 10, windowS: 10 };
/** Old messages are trimmed on the first message after a room loads here, then every this many. */
const TRIM_EVERY = 20;

/** What a sender is told, in words (chat-refused for a message, refused for the rest). */
const Refusal = {
  muted: 'The host muted you in this room.',
  tooFast: 'You are sending messages too fast; wait a few seconds.',
  unreadable: 'That message could not be read; it was not sent.',
  failed: 'Your message could not be sent; try again.',
  hostDeletes: 'Only the host can delete messages.',
  noSuchReaction: 'That reaction is not available.',
  reactingTooFast: 'You are reacting too fast; wait a few seconds.',
} as const;

/** Per room on this node: posts one after another (so they are stored and sent in the order they came). */
type RoomChatState = { tail: Promise<void>; lastMs: number; posted: number };

const send = (connection: Connection, msg: ServerMessage) => connection.sendStateless(JSON.stringify(msg));
const isChatType = (type: unknown) => type === 'chat' || type === 'chat-delete' || type === 'react';
const MessageId = z.uuid();

export class RoomChat implements Extension {
  extensionName = 'jamroom-chat';
  private rooms = new Map<string, RoomChatState>();

  constructor(private deps: Deps) {}

  async afterUnloadDocument({ documentName, instance }: afterUnloadDocumentPayload) {
    if (!instance.documents.has(documentName)) this.rooms.delete(documentName);
  }

  /** Never throws: a bad payload or a failing store is answered to its sender, the connection stays open. */
  async onStateless({ connection, document, payload }: onStatelessPayload) {
    let raw: unknown;
    try {
      raw = JSON.parse(payload);
    } catch {
      return; // not JSON: the playback extension answers it with `refused`
    }
    if (typeof raw !== 'object' || raw === null || !isChatType((raw as { type?: unknown }).type)) return;
    const parsed = ClientMessageSchema.safeParse(raw);
    try {
      if (!parsed.success) return this.unreadable(connection, raw);
      const msg = parsed.data;
      if (msg.type === 'chat') await this.inTurn(document.name, (state) => this.post(connection, document, state, msg.text, msg.clientId));
      else if (msg.type === 'chat-delete') await this.remove(connection, document, msg.id);
      else if (msg.type === 'react') await this.react(connection, document, msg.emoji);
    } catch (err) {
      this.deps.log.warn({ room: document.name, type: (raw as { type: string }).type, err: String(err) }, 'a chat message could not be handled');
      if (parsed.success && parsed.data.type === 'chat') send(connection, { type: 'chat-refused', clientId: parsed.data.clientId, reason: Refusal.failed });
    }
  }

  /** A chat message that is not one: its sender hears so when it named its clientId, else it is dropped. */
  private unreadable(connection: Connection, raw: object) {
    const { type, clientId } = raw as { type?: unknown; clientId?: unknown };
    if (type === 'chat' && typeof clientId === 'string' && clientId.length <= 64) send(connection, { type: 'chat-refused', clientId, reason: Refusal.unreadable });
  }

  private async inTurn(room: string, post: (state: RoomChatState) => Promise<void>) {
    const state = this.rooms.get(room) ?? { tail: Promise.resolve(), lastMs: 0, posted: 0 };
    this.rooms.set(room, state);
    const turn = state.tail.then(() => post(state));
    state.tail = turn.catch(() => undefined);
    await turn;
  }

  private async post(connection: Connection, document: Document, state: RoomChatState, rawText: string, clientId: string) {
    const ctx = connection.context as RoomContext;
    const refuse = (reason: string) => send(connection, { type: 'chat-refused', clientId, reason });
    const author = authorOf(ctx);
    if (!author) return refuse(Refusal.failed);
    if (!ctx.permissions?.chat) return refuse(Refusal.muted);
    const text = cleanText(rawText);
    const problem = textProblem(text);
    if (problem) return refuse(problem);
    if (!(await this.allowed(CHAT_LIMIT, author.memberId))) return refuse(Refusal.tooFast);
    // Strictly increasing per room on this node: history reads back in the order messages were sent.
    state.lastMs = Math.max(Date.now(), state.lastMs + 1);
    const message = await storeMessage(this.deps.db, author, text, new Date(state.lastMs));
    // Everyone else, on every node, once; the sender's own copy names its clientId.
    document.broadcastStateless(JSON.stringify({ type: 'chat', message } satisfies ServerMessage), (c) => c !== connection);
    send(connection, { type: 'chat', message, clientId });
    if (state.posted++ % TRIM_EVERY === 0) {
      await trimRoom(this.deps.db, author.roomId).catch((err) => this.deps.log.warn({ room: document.name, err: String(err) }, 'old chat messages could not be trimmed'));
    }
  }

  /** The host deletes a message of this room; anyone else is told they may not. */
  private async remove(connection: Connection, document: Document, id: string) {
    const ctx = connection.context as RoomContext;
    if (ctx.role !== 'host' || !ctx.roomId) return send(connection, { type: 'refused', reason: Refusal.hostDeletes });
    if (!MessageId.safeParse(id).success || !(await deleteMessage(this.deps.db, ctx.roomId, id))) return;
    document.broadcastStateless(JSON.stringify({ type: 'chat-deleted', id } satisfies ServerMessage));
  }

  /** A reaction on the playing track, to everyone in the room (the sender too); not stored. */
  private async react(connection: Connection, document: Document, emoji: string) {
    const ctx = connection.context as RoomContext;
    const author = authorOf(ctx);
    if (!author) return;
    if (!REACTIONS.includes(emoji as Reaction)) return send(connection, { type: 'refused', reason: Refusal.noSuchReaction });
    if (!ctx.permissions?.chat) return send(connection, { type: 'refused', reason: Refusal.muted });
    if (!(await this.allowed(REACT_LIMIT, author.memberId))) return send(connection, { type: 'refused', reason: Refusal.reactingTooFast });
    const reaction: ServerMessage = { type: 'reaction', emoji: emoji as Reaction, by: { id: author.id, name: author.name }, entryId: readPlayback(document).entryId };
    document.broadcastStateless(JSON.stringify(reaction));
  }

  /** One more for the member within the limit's window (shared by every node through Redis). */
  private async allowed(rule: RateLimit, memberId: string): Promise<boolean> {
    try {
      await this.deps.rateLimiter.hit(rule, memberId);
      return true;
    } catch (err) {
      if ((err as { status?: number }).status === 429) return false;
      throw err;
    }
  }
}

function authorOf(ctx: RoomContext): ChatAuthor | null {
  if (!ctx.actor || !ctx.memberId || !ctx.roomId) return null;
  return { roomId: ctx.roomId, memberId: ctx.memberId, id: ctx.actor.id, name: actorName(ctx.actor), kind: ctx.actor.kind };
}
