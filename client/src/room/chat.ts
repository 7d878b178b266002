// The room chat as this connection sees it: history over REST, live messages over the socket, my own
// messages shown at once (pending) until the server posts them (its `chat` carries my clientId) or refuses
// them; floating reactions for ~3 s. Chat is never queued offline: a message that cannot go now is not sent.
import { createSignal } from 'solid-js';
import type * as Shared from '../../../shared/api/rooms.ts';
import type { ClientMessage, ServerMessage } from '../../../shared/room/protocol.ts';

// shared/api/rooms.ts's chat constants, typed as the shared ones (the compiler holds them equal): a value
// import from that module would bring its zod validators into the page, as messages.ts explains.
export const CHAT_MAX_CHARS: typeof Shared.CHAT_MAX_CHARS = 500;
export const CHAT_KEEP: typeof Shared.CHAT_KEEP = 200;
export const REACTIONS: typeof Shared.REACTIONS = ['🔥', '❤️', '😂', '👏', '🎉', '😮'];

export type ChatLine = Shared.ChatMessage & { pending?: boolean; clientId?: string };
export type FloatingReaction = { key: number; emoji: string; name: string };

export const REACTION_SHOW_MS = 3000;
/** A pending message the server neither posted nor refused by then was lost with the connection. */
export const CHAT_ACK_TIMEOUT_MS = 10_000;
const MAX_FLOATING = 12;
export const NOT_SENT_MESSAGE = 'Your message was not sent: the connection to the room was lost. Try again.';
export const OFFLINE_MESSAGE = 'Chat is paused while this device is offline; it comes back with the connection.';

/** Keeps the newest `CHAT_KEEP` lines (pending ones are never dropped). */
function capped(lines: ChatLine[]): ChatLine[] {
  let drop = lines.length - CHAT_KEEP;
  if (drop <= 0) return lines;
  return lines.filter((l) => l.pending || drop-- <= 0); // the oldest `drop` settled lines go
}

/**
 * History (the room's newest messages, oldest first) over what is shown: lines older than it stay, the
 * span it covers is taken from it (a message deleted meanwhile goes), live lines newer than it stay
 * (they arrived while it loaded), and my pending lines stay last.
 */
export function mergeHistory(lines: ChatLine[], history: Shared.ChatMessage[]): ChatLine[] {
  if (!history.length) return lines;
  const ids = new Set(history.map((m) => m.id));
  const [first, last] = [history[0].createdAt, history[history.length - 1].createdAt];
  const settled = lines.filter((l) => !l.pending);
  const older = settled.filter((l) => l.createdAt < first && !ids.has(l.id));
  const newer = settled.filter((l) => l.createdAt > last && !ids.has(l.id));
  return capped([...older, ...history, ...newer, ...lines.filter((l) => l.pending)]);
}

/** A posted message: it replaces my pending line with its clientId, is shown once (by id), else goes last. */
export function receive(lines: ChatLine[], message: Shared.ChatMessage, clientId?: string): ChatLine[] {
  const rest = clientId ? lines.filter((l) => !(l.pending && l.clientId === clientId)) : lines;
  if (rest.some((l) => l.id === message.id)) return rest;
  if (rest.length === lines.length) return capped([...lines, message]);
  // In the pending line's place: lines that arrived after it was sent were posted after it.
  const at = lines.findIndex((l) => l.pending && l.clientId === clientId);
  return capped([...rest.slice(0, at), message, ...rest.slice(at)]);
}

export type ChatDeps = {
  me: { id: string; name: string };
  /** Messages can go now (connected): nothing is queued for later. */
  ready: () => boolean;
  post: (msg: ClientMessage) => void;
  loadHistory: () => Promise<Shared.ChatMessage[]>;
};

export function createChat(deps: ChatDeps) {
  const [messages, setMessages] = createSignal<ChatLine[]>([]);
  const [problem, setProblem] = createSignal('');
  const [historyError, setHistoryError] = createSignal('');
  const [reactions, setReactions] = createSignal<FloatingReaction[]>([]);
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => (timers.delete(t), fn()), ms);
    timers.add(t);
  };
  const send = (msg: ClientMessage) => deps.ready() && (deps.post(msg), true);
  let loads = 0;
  let floatKey = 0;

  const dropPending = (clientId: string, reason: string) => {
    const before = messages();
    const after = before.filter((l) => !(l.pending && l.clientId === clientId));
    if (after.length === before.length) return;
    setMessages(after);
    setProblem(reason);
  };

  const float = (emoji: string, name: string) => {
    const key = ++floatKey;
    setReactions([...reactions().slice(-(MAX_FLOATING - 1)), { key, emoji, name }]);
    later(REACTION_SHOW_MS, () => setReactions(reactions().filter((r) => r.key !== key)));
  };

  /** What the page reads and calls. */
  const view = {
    messages,
    /** Why my last message was not posted (or that chat is offline), in words; '' when all is well. */
    problem,
    historyError,
    reactions,
    ready: deps.ready,
    /** Posts `text` (trimmed); false when there is nothing to send or it cannot go now. */
    send(text: string): boolean {
      const body = text.trim();
      if (!body) return false;
      if (body.length > CHAT_MAX_CHARS) return setProblem(`A message has at most ${CHAT_MAX_CHARS} characters.`), false;
      const clientId = globalThis.crypto.randomUUID();
      if (!send({ type: 'chat', text: body, clientId })) return setProblem(OFFLINE_MESSAGE), false;
      setProblem('');
      const line: ChatLine = {
        id: `pending:${clientId}`, clientId, pending: true, text: body, createdAt: new Date().toISOString(),
        author: { memberId: null, id: deps.me.id, name: deps.me.name, kind: 'user' },
      };
      setMessages(capped([...messages(), line]));
      later(CHAT_ACK_TIMEOUT_MS, () => dropPending(clientId, NOT_SENT_MESSAGE));
      return true;
    },
    /** Host only (the server checks): deletes a message for everyone. */
    remove(id: string) {
      if (send({ type: 'chat-delete', id })) setMessages(messages().filter((l) => l.id !== id));
    },
    /** The room sends it back to everyone, me too, unless it refuses it (too fast, muted): then it floats. */
    react(emoji: string) {
      send({ type: 'react', emoji });
    },
  };

  return {
    view,
    /** Loads the room's recent messages (after each sync: a reconnect may have missed some). */
    async loadHistory() {
      const load = ++loads;
      try {
        const history = await deps.loadHistory();
        if (load !== loads) return;
        setHistoryError('');
        setMessages(mergeHistory(messages(), history));
      } catch {
        if (load === loads) setHistoryError('Earlier messages could not be loaded.');
      }
    },
    /** The connection was lost: my pending messages will not be posted. */
    connectionLost() {
      for (const l of messages()) if (l.pending && l.clientId) dropPending(l.clientId, NOT_SENT_MESSAGE);
    },
    /** Takes the chat's stateless messages; false for any other. */
    handle(msg: ServerMessage): boolean {
      if (msg.type === 'chat') setMessages(receive(messages(), msg.message, msg.clientId));
      else if (msg.type === 'chat-deleted') setMessages(messages().filter((l) => l.id !== msg.id));
      else if (msg.type === 'chat-refused') dropPending(msg.clientId, msg.reason);
      else if (msg.type === 'reaction') float(msg.emoji, msg.by.name);
      else return false;
      return true;
    },
    dispose() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

export type RoomChat = ReturnType<typeof createChat>;
export type ChatView = RoomChat['view'];
