import { cleanup, fireEvent, render, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../shared/api/rooms.ts';
import type { ClientMessage } from '../../../shared/room/protocol.ts';
import { createChat, OFFLINE_MESSAGE } from '../room/chat.ts';
import { ChatPanel, MUTED_MESSAGE } from './ChatPanel.tsx';

const message = (id: string, text: string, name = 'Bo'): ChatMessage => ({
  id, text, createdAt: '2026-01-01T12:30:00.000Z', author: { memberId: `m-${name}`, id: name, name, kind: 'guest' },
});

function renderChat(props: { muted?: boolean; online?: boolean; canDelete?: boolean } = {}) {
  const sent: ClientMessage[] = [];
  const created = createChat({ me: { id: 'me', name: 'Me' }, ready: () => true, post: (m) => sent.push(m), loadHistory: async () => [] });
  const chat = { ...created, ...created.view };
  render(() => <ChatPanel chat={created.view} online={props.online ?? true} muted={props.muted ?? false} canDelete={props.canDelete ?? false} />);
  return { chat, sent, list: () => screen.getByRole('list', { name: 'Chat messages' }) };
}

afterEach(cleanup);

describe('ChatPanel', () => {
  it('shows what members wrote as plain text, never as markup', () => {
    const { chat, list } = renderChat();
    chat.handle({ type: 'chat', message: message('1', '<img src=x onerror=alert(1)> https://example.com') });
    const row = within(list()).getByRole('listitem');
    expect(row.textContent).toContain('<img src=x onerror=alert(1)> https://example.com');
    expect(row.querySelector('img, a')).toBeNull();
    expect(row.textContent).toContain('Bo');
    expect(row.querySelector('time')?.getAttribute('datetime')).toBe('2026-01-01T12:30:00.000Z');
  });

  it('sends a message and shows it at once', () => {
    const { sent, list } = renderChat();
    fireEvent.input(screen.getByRole('textbox', { name: 'Message' }), { target: { value: 'hello all' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(sent).toEqual([{ type: 'chat', text: 'hello all', clientId: expect.any(String) }]);
    expect(within(list()).getByRole('listitem').textContent).toMatch(/Me.*sending….*hello all/);
    expect((screen.getByRole('textbox', { name: 'Message' }) as HTMLInputElement).value).toBe('');
  });

  it('says why a message was refused', () => {
    const { chat, sent } = renderChat();
    chat.send('spam');
    chat.handle({ type: 'chat-refused', clientId: (sent[0] as { clientId: string }).clientId, reason: 'Slow down a little.' });
    expect(screen.getByRole('status').textContent).toBe('Slow down a little.');
  });

  it('is closed to a muted member, and offline', () => {
    renderChat({ muted: true });
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('status').textContent).toBe(MUTED_MESSAGE);
    cleanup();
    renderChat({ online: false });
    expect(screen.getByRole('status').textContent).toBe(OFFLINE_MESSAGE);
  });

  it('lets the host delete a message', () => {
    const { chat, sent, list } = renderChat({ canDelete: true });
    chat.handle({ type: 'chat', message: message('1', 'off topic') });
    fireEvent.click(screen.getByRole('button', { name: 'Delete message from Bo' }));
    expect(sent).toEqual([{ type: 'chat-delete', id: '1' }]);
    expect(within(list()).queryAllByRole('listitem')).toHaveLength(0);
  });
});
