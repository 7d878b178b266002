// The room chat beside the queue. Messages are text nodes only (never HTML): a link is shown as plain
// text, so nothing a member writes can run or navigate. The list stays at the bottom while you are there.
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { CHAT_MAX_CHARS, OFFLINE_MESSAGE, type ChatLine, type ChatView } from '../room/chat.ts';
import { Icon } from './icons.tsx';

export const MUTED_MESSAGE = 'The host muted you in this room.';

const timeOf = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export type ChatPanelProps = {
  chat: ChatView;
  online: boolean;
  muted: boolean;
  /** The host may delete any message. */
  canDelete: boolean;
};

export function ChatPanel(props: ChatPanelProps) {
  const [text, setText] = createSignal('');
  let list!: HTMLOListElement;
  let atBottom = true;
  const onScroll = () => (atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 24);
  // Runs after the list has rendered the change.
  createEffect(on(props.chat.messages, () => atBottom && (list.scrollTop = list.scrollHeight)));

  const blocked = () => props.muted || !props.online;
  const stateLine = () => (props.muted ? MUTED_MESSAGE : !props.online ? OFFLINE_MESSAGE : '');
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    atBottom = true; // my own message: show it
    if (props.chat.send(text())) setText('');
  };
  const remove = (line: ChatLine) => {
    props.chat.remove(line.id);
    list.focus(); // the row and its button are gone
  };

  return (
    <section class="panel chat" aria-labelledby="chat-title">
      <h2 id="chat-title" class="panel-title">Chat</h2>
      <Show when={props.chat.historyError()}>
        <p class="hint">{props.chat.historyError()}</p>
      </Show>
      <ol class="chat-list" aria-label="Chat messages" ref={list} tabindex="0" onScroll={onScroll}>
        <For each={props.chat.messages()}>
          {(line) => (
            <li class="chat-line" classList={{ pending: line.pending }}>
              <div class="chat-meta">
                <span class="chat-author">{line.author.name}</span>
                <Show when={!line.pending} fallback={<span class="chat-time">sending…</span>}>
                  <time class="chat-time" datetime={line.createdAt}>{timeOf(line.createdAt)}</time>
                </Show>
                <Show when={props.canDelete && !line.pending}>
                  <button class="icon-btn chat-delete" type="button" aria-label={`Delete message from ${line.author.name}`} onClick={() => remove(line)}>
                    <Icon name="remove" />
                  </button>
                </Show>
              </div>
              <p class="chat-text">{line.text}</p>
            </li>
          )}
        </For>
      </ol>
      <Show when={!props.chat.messages().length}>
        <p class="empty chat-empty">No messages yet.</p>
      </Show>
      <form class="chat-form" onSubmit={submit}>
        <label class="sr-only" for="chat-input">Message</label>
        <input
          id="chat-input"
          type="text"
          autocomplete="off"
          maxLength={CHAT_MAX_CHARS}
          placeholder={blocked() ? '' : 'Say something…'}
          aria-describedby="chat-state"
          disabled={blocked()}
          value={text()}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button class="btn primary" type="submit" disabled={blocked() || !props.chat.ready()}>
          Send
        </button>
      </form>
      <p id="chat-state" class="chat-state" role="status">{props.chat.problem() || stateLine()}</p>
    </section>
  );
}
