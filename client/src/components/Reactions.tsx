// Reactions on the playing track: a row of emoji buttons, and everyone's reactions floating briefly over
// the now-playing card (not announced: they would drown out everything else; the chat is the log).
import { For } from 'solid-js';
import { REACTIONS, type FloatingReaction } from '../room/chat.ts';

export function ReactionBar(props: { disabled?: boolean; onReact: (emoji: string) => void }) {
  return (
    <div class="reaction-bar" role="group" aria-label="React to this song">
      <For each={REACTIONS}>
        {(emoji) => (
          <button class="reaction-btn" type="button" aria-label={`React ${emoji}`} disabled={props.disabled} onClick={() => props.onReact(emoji)}>
            {emoji}
          </button>
        )}
      </For>
    </div>
  );
}

export function ReactionFloats(props: { reactions: FloatingReaction[] }) {
  return (
    <ul class="reaction-floats" aria-label="Reactions" aria-live="off">
      <For each={props.reactions}>
        {(r) => (
          <li class="reaction-float" style={{ '--lane': String(r.key % 3) }}>
            <span class="reaction-emoji">{r.emoji}</span> <span class="reaction-name">{r.name}</span>
          </li>
        )}
      </For>
    </ul>
  );
}
