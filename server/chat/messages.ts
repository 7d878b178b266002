// Room chat in PostgreSQL: a message's text made safe to keep, its author copied from the sender's session,
// the room's last CHAT_KEEP messages kept, the last CHAT_HISTORY read back for a member.
import { CHAT_HISTORY, CHAT_KEEP, CHAT_MAX_CHARS, type ChatHistoryResponse, type ChatMessage } from '../../shared/api/rooms.ts';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { memberAccess, roomByCode } from '../rooms/access.ts';

/** Who posts: the member's room and membership, and the author as their session names them. */
export type ChatAuthor = { roomId: string; memberId: string; id: string; name: string; kind: 'user' | 'guest' };
type MessageRow = { id: string; memberId: string | null; authorId: string; authorName: string; authorKind: string; text: string; createdAt: Date };

/** Control characters other than the newline: they would garble the message or the page showing it. */
const CONTROL = /(?!\n)\p{Cc}/gu;

/** The text as it is kept: line breaks as \n, no control characters, no surrounding blank space. */
export const cleanText = (raw: string) => raw.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();

/** Why a cleaned text cannot be posted, in words for the sender; null when it can. Characters are code points. */
export function textProblem(text: string): string | null {
  if (!text) return 'A message needs some text.';
  if (text.length > CHAT_MAX_CHARS && [...text].length > CHAT_MAX_CHARS) return `A message can have at most ${CHAT_MAX_CHARS} characters.`;
  return null;
}

const toMessage = (r: MessageRow): ChatMessage => ({
  id: r.id,
  text: r.text,
  author: { memberId: r.memberId, id: r.authorId, name: r.authorName, kind: r.authorKind === 'user' ? 'user' : 'guest' },
  createdAt: r.createdAt.toISOString(),
});

export async function storeMessage(db: Db, author: ChatAuthor, text: string, createdAt: Date): Promise<ChatMessage> {
  const row = await db.roomMessage.create({
    data: { roomId: author.roomId, memberId: author.memberId, authorId: author.id, authorName: author.name, authorKind: author.kind, text, createdAt },
  });
  return toMessage(row);
}

/** Deletes what the room holds beyond its last CHAT_KEEP messages (one statement). */
export async function trimRoom(db: Db, roomId: string) {
  await db.$executeRaw`DELETE FROM "RoomMessage" WHERE id IN (
    SELECT id FROM "RoomMessage" WHERE "roomId" = ${roomId}::uuid ORDER BY "createdAt" DESC, id DESC OFFSET ${CHAT_KEEP})`;
}

/** True when the room had that message. */
export async function deleteMessage(db: Db, roomId: string, id: string): Promise<boolean> {
  return (await db.roomMessage.deleteMany({ where: { id, roomId } })).count > 0;
}

/** GET /rooms/:code/messages: a member's view of the room's recent messages, oldest first. */
export async function chatHistory(deps: Deps, actor: Actor, code: string): Promise<ChatHistoryResponse> {
  const room = await roomByCode(deps.db, code);
  await memberAccess(deps.db, room, actor);
  const rows = await deps.db.roomMessage.findMany({ where: { roomId: room.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: CHAT_HISTORY });
  return { messages: rows.reverse().map(toMessage) };
}
