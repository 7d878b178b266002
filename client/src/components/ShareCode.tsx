// The room code, big enough to read out loud, and a link to copy or share. The code is a read-only field
// with its label ("Room code", value K7M2QX): read out with its name, and easy to select and copy.
import { createSignal, createUniqueId, Show } from 'solid-js';
import { Icon } from './icons.tsx';

export function ShareCode(props: { code: string }) {
  const [copied, setCopied] = createSignal<string>('');
  const link = () => `${location.origin}/r/${props.code}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link());
      setCopied('Link copied.');
    } catch {
      setCopied(`Copy this link: ${link()}`);
    }
  };
  const canShare = () => typeof navigator !== 'undefined' && 'share' in navigator;
  const id = createUniqueId();
  return (
    <div class="share">
      <label class="share-label" for={id}>Room code</label>
      <input id={id} class="code code-field" readOnly value={props.code} size={6} spellcheck={false} onFocus={(e) => e.currentTarget.select()} />
      <button class="btn ghost" type="button" onClick={copy}>
        <Icon name="link" /> Copy link
      </button>
      <Show when={canShare()}>
        <button class="btn ghost" type="button" onClick={() => navigator.share({ title: 'Join my Jamroom', url: link() }).catch(() => {})}>
          Share
        </button>
      </Show>
      <span class="row-sub" role="status">{copied()}</span>
    </div>
  );
}
