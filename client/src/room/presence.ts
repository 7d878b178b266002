// "Listening now" from awareness: one row per person. A reload leaves the old tab's state behind until the
// server or its timeout drops it, so states are grouped by the user id the server writes (`user.id`, from
// the session), keeping my own state, else the one updated last.
import type { Member } from './types.ts';

type AwarenessState = { user?: { id?: string; name?: string; colour?: string }; activity?: string };

export function membersFrom(states: Map<number, AwarenessState>, selfId: number | undefined, lastUpdatedMs: (clientId: number) => number): Member[] {
  const byPerson = new Map<string, { member: Member; atMs: number }>();
  states.forEach((s, clientId) => {
    const user = s.user;
    if (!user?.name) return;
    const member: Member = { clientId, personId: user.id, name: user.name, colour: user.colour ?? '', isSelf: clientId === selfId, activity: s.activity };
    const key = user.id ?? `client:${clientId}`;
    const atMs = lastUpdatedMs(clientId);
    const kept = byPerson.get(key);
    if (!kept || (!kept.member.isSelf && (member.isSelf || atMs > kept.atMs))) byPerson.set(key, { member, atMs });
  });
  return [...byPerson.values()].map((v) => v.member).sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name));
}
