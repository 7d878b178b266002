import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../../../shared/api/rooms.ts';
import type { ClientMessage } from '../../../shared/room/protocol.ts';
import { CHAT_ACK_TIMEOUT_MS, CHAT_KEEP, createChat, mergeHistory, NOT_SENT_MESSAGE, OFFLINE_MESSAGE, REACTION_SHOW_MS } from './chat.ts';

const me = { id: 'me', name: 'Me' };
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();
const msg = (id: string, s: number, text = id, by = { id: 'bo', name: 'Bo' }): ChatMessage => ({
  id, text, createdAt: at(s), author: { memberId: `m-${by.id}`, id: by.id, name: by.name, kind: 'user' },
});

function setup(connected = true) {
  const sent: ClientMessage[] = [];
  const created = createChat({ me, ready: () => connected, post: (m) => sent.push(m), loadHistory: async () => [] });
  const chat = { ...created, ...created.view };
  const texts = () => chat.messages().map((l) => `${l.text}${l.pending ? ' (pending)' : ''}`);
  return { chat, sent, texts };
}

afterEach(() => vi.useRealTimers());

describe('createChat', () => {
  it('shows my message at once, then in its place once the room posts it', () => {
    const { chat, sent, texts } = setup();
    chat.handle({ type: 'chat', message: msg('a', 1) });
    expect(chat.send('  hello  ')).toBe(true);
    expect(sent).toEqual([{ type: 'chat', text: 'hello', clientId: expect.any(String) }]);
    chat.handle({ type: 'chat', message: msg('b', 2) }); // someone else's, posted before mine
    expect(texts()).toEqual(['a', 'hello (pending)', 'b']);
    const clientId = (sent[0] as { clientId: string }).clientId;
    chat.handle({ type: 'chat', message: msg('c', 3, 'hello', me), clientId });
    chat.handle({ type: 'chat', message: msg('c', 3, 'hello', me) }); // the same message again (another tab's copy)
    expect(texts()).toEqual(['a', 'hello', 'b']);
  });

  it('takes a refused message away and says why', () => {
    const { chat, sent, texts } = setup();
    chat.send('too fast');
    chat.handle({ type: 'chat-refused', clientId: (sent[0] as { clientId: string }).clientId, reason: 'Slow down a little.' });
    expect(texts()).toEqual([]);
    expect(chat.problem()).toBe('Slow down a little.');
    chat.send('again');
    expect(chat.problem()).toBe('');
  });

  it('does not queue a message while it cannot be sent', () => {
    const { chat, texts } = setup(false);
    expect(chat.send('hello')).toBe(false);
    expect(texts()).toEqual([]);
    expect(chat.problem()).toBe(OFFLINE_MESSAGE);
    expect(chat.send('   ')).toBe(false);
  });

  it('drops a pending message the room never answered, or when the connection is lost', () => {
    vi.useFakeTimers();
    const { chat, texts } = setup();
    chat.send('lost');
    vi.advanceTimersByTime(CHAT_ACK_TIMEOUT_MS);
    expect(texts()).toEqual([]);
    expect(chat.problem()).toBe(NOT_SENT_MESSAGE);
    chat.send('cut off');
    chat.connectionLost();
    expect(texts()).toEqual([]);
  });

  it('removes a deleted message', () => {
    const { chat, texts } = setup();
    chat.handle({ type: 'chat', message: msg('a', 1) });
    chat.handle({ type: 'chat', message: msg('b', 2) });
    chat.handle({ type: 'chat-deleted', id: 'a' });
    expect(texts()).toEqual(['b']);
  });

  it('keeps at most CHAT_KEEP messages, the newest', () => {
    const { chat } = setup();
    for (let i = 0; i < CHAT_KEEP + 5; i++) chat.handle({ type: 'chat', message: msg(`m${i}`, i) });
    expect(chat.messages()).toHaveLength(CHAT_KEEP);
    expect(chat.messages()[0].id).toBe('m5');
  });

  it('floats reactions as the room sends them, for a few seconds', () => {
    vi.useFakeTimers();
    const { chat, sent } = setup();
    chat.react('🔥');
    expect(sent).toEqual([{ type: 'react', emoji: '🔥' }]);
    expect(chat.reactions()).toEqual([]); // shown when the room sends it back (it may refuse it)
    chat.handle({ type: 'reaction', emoji: '🔥', by: me, entryId: 'e1' });
    vi.advanceTimersByTime(1000);
    chat.handle({ type: 'reaction', emoji: '🎉', by: { id: 'bo', name: 'Bo' }, entryId: 'e1' });
    expect(chat.reactions().map((r) => `${r.emoji} ${r.name}`)).toEqual(['🔥 Me', '🎉 Bo']);
    vi.advanceTimersByTime(REACTION_SHOW_MS - 1000);
    expect(chat.reactions().map((r) => r.emoji)).toEqual(['🎉']);
    vi.advanceTimersByTime(1000);
    expect(chat.reactions()).toEqual([]);
  });

  it('loads history under what is shown', async () => {
    const history = [msg('h1', 10), msg('h2', 11)];
    const sent: ClientMessage[] = [];
    const created = createChat({ me, ready: () => true, post: (m) => sent.push(m), loadHistory: async () => history });
    const chat = { ...created, ...created.view };
    chat.handle({ type: 'chat', message: msg('h2', 11) });
    chat.handle({ type: 'chat', message: msg('live', 12) });
    await chat.loadHistory();
    expect(chat.messages().map((l) => l.id)).toEqual(['h1', 'h2', 'live']);
  });
});

describe('mergeHistory', () => {
  it('keeps older lines, takes the span history covers from it, keeps newer and pending lines', () => {
    const pending = { ...msg('pending:x', 30, 'mine', me), pending: true, clientId: 'x' };
    const shown = [msg('old', 1), msg('gone', 5), msg('kept', 6), msg('new', 20), pending];
    const merged = mergeHistory(shown, [msg('h0', 4), msg('kept', 6), msg('h', 7)]);
    expect(merged.map((l) => l.id)).toEqual(['old', 'h0', 'kept', 'h', 'new', 'pending:x']);
  });
});
