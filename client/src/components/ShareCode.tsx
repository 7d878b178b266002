// The room code, big enough to read out loud, and a link to copy or share.
import { createSignal, Show } from 'solid-js';
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
  return (
    <div class="share">
      <span class="share-label" id="code-label">Room code</span>
      <span class="code" aria-labelledby="code-label">{props.code}</span>
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
