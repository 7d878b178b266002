// Who is here right now (awareness), with their colour.
import { For } from 'solid-js';
import type { Member } from '../room/types.ts';

export function MemberList(props: { members: Member[] }) {
  return (
    <section class="panel" aria-labelledby="members-title">
      <h2 id="members-title" class="panel-title">
        Listening now <span class="count">{props.members.length}</span>
      </h2>
      <ul class="members">
        <For each={props.members}>
          {(m) => (
            <li class="member">
              <span class="avatar" style={{ background: m.colour }} aria-hidden="true">
                {m.name.slice(0, 1).toUpperCase()}
              </span>
              <span>
                {m.name}
                {m.isSelf ? ' (you)' : ''}
              </span>
              {m.activity ? <span class="row-sub"> · {m.activity}</span> : null}
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
