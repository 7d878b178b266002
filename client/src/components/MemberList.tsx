// Who is here right now (awareness), with their colour. The host also gets, per member, what they may do
// and a way to remove them; members who joined but are not here now are under "Not here now".
// Rows are keyed by person, so a presence or list refresh keeps a row (and the focus and an open question in it).
import { createMemo, For, Show, type JSX } from 'solid-js';
import type { Member } from '../room/types.ts';
import { MemberControls } from './MemberControls.tsx';
import { personIdOf, type MemberAdmin, type RoomMember } from './member-admin.ts';

const sameKeys = (a: string[], b: string[]) => a.length === b.length && a.every((k, i) => k === b[i]);

/** A For over items by key: the row for a key lives as long as the key does. */
function Keyed<T>(props: { items: T[]; keyOf: (item: T) => string; children: (item: () => T) => JSX.Element }) {
  const byKey = createMemo(() => new Map(props.items.map((item) => [props.keyOf(item), item])));
  const keys = createMemo(() => [...byKey().keys()], [], { equals: sameKeys });
  return <For each={keys()}>{(key) => <Show when={byKey().get(key)}>{(item) => props.children(item)}</Show>}</For>;
}

export function MemberList(props: { members: Member[]; admin?: MemberAdmin }) {
  let heading!: HTMLHeadingElement;
  const shown = () => props.members.filter((m) => !props.admin?.isRemoved(m));
  const away = (): RoomMember[] => {
    const here = new Set(shown().map((m) => m.personId));
    return (props.admin?.list() ?? []).filter((m) => m.role !== 'host' && !here.has(personIdOf(m)));
  };
  /** The host's tools for a row of "Listening now": joined members other than me and the host. */
  const managed = (m: Member) => (m.isSelf ? undefined : props.admin?.memberFor(m));
  // Focus would be lost with the removed row: the list's heading takes it.
  const onRemoved = () => heading.focus();

  return (
    <section class="panel" aria-labelledby="members-title">
      <h2 id="members-title" class="panel-title" tabindex="-1" ref={heading}>
        Listening now <span class="count">{shown().length}</span>
      </h2>
      <ul class="members">
        <Keyed items={shown()} keyOf={(m) => m.personId ?? `client:${m.clientId}`}>
          {(m) => (
            <li class="member">
              <span class="avatar" style={{ background: m().colour }} aria-hidden="true">
                {m().name.slice(0, 1).toUpperCase()}
              </span>
              <span>
                {m().name}
                {m().isSelf ? ' (you)' : ''}
              </span>
              <Show when={m().activity}>
                <span class="row-sub"> · {m().activity}</span>
              </Show>
              <Show when={managed(m())?.role !== 'host' && managed(m())}>
                {(member) => <MemberControls member={member()} admin={props.admin!} onRemoved={onRemoved} />}
              </Show>
            </li>
          )}
        </Keyed>
      </ul>
      <Show when={props.admin && away().length}>
        <details class="members-away">
          <summary>Not here now ({away().length})</summary>
          <ul class="members">
            <Keyed items={away()} keyOf={(m) => m.id}>
              {(member) => (
                <li class="member">
                  <span>{member().displayName}</span>
                  <MemberControls member={member()} admin={props.admin!} onRemoved={onRemoved} />
                </li>
              )}
            </Keyed>
          </ul>
        </details>
      </Show>
      <Show when={props.admin}>
        {(admin) => (
          <>
            <p class="error" role="alert">{admin().error()}</p>
            <p class="hint member-status" role="status">{admin().status()}</p>
          </>
        )}
      </Show>
    </section>
  );
}
