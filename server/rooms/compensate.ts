// Accept, then compensate: a member's update has been applied to the room document; this reads what its
// transaction did (from the transaction itself, before Yjs collects the deleted content) and undoes, with
// server edits in the next transaction, whatever the sender may not do. The sender's allowed edits stay.
import * as Y from 'yjs';
import { LIMITS, ROOTS, historyArray, isPlainObject, isRemovedMark, queueMap, readSettings, type RoomSettings } from '../../shared/room/doc.ts';
import type { Permissions, Role } from '../../shared/room/permissions.ts';
import type { UndoneChange } from '../../shared/room/protocol.ts';
import { entryProblem, isOrderKey } from '../../shared/room/validate.ts';

/** Who sent the update, as its connection was authenticated. */
export type Sender = { ids: Set<string>; role: Role; permissions: Permissions };
type Fix = (tr: Y.Transaction) => void;
type AnyType = Y.AbstractType<any>;
type Undone = UndoneChange & { why: string };

const addedIn = (tr: Y.Transaction, id: Y.ID) => id.clock >= (tr.beforeState.get(id.client) ?? 0);
const last = (item: Y.Item) => item.content.getContent().at(-1);

/** The item a map key pointed at when the transaction began (the newest one it did not add), or null. */
function priorItem(tr: Y.Transaction, item: Y.Item | undefined): Y.Item | null {
  let it: Y.Item | null = item ?? null;
  while (it && addedIn(tr, it.id)) it = it.left as Y.Item | null;
  return it;
}
const deletedBefore = (tr: Y.Transaction, it: Y.Item) => it.deleted && !Y.isDeleted(tr.deleteSet, it.id);
/** The item that held a map key before the transaction (deleted since, or not), or null. */
function itemBefore(tr: Y.Transaction, item: Y.Item | undefined): Y.Item | null {
  const it = priorItem(tr, item);
  return it && !deletedBefore(tr, it) ? it : null;
}
const mapItems = (type: AnyType) => type._map as Map<string, Y.Item>;
const before = (tr: Y.Transaction, type: AnyType, key: string) => {
  const it = itemBefore(tr, mapItems(type).get(key));
  return it ? last(it) : undefined;
};
const after = (type: AnyType, key: string) => {
  const it = mapItems(type).get(key);
  return it && !it.deleted ? last(it) : undefined;
};
const same = (a: unknown, b: unknown) => a === b || (typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b));
/** Items of a list that a map-shaped type (or the other way round) should never hold. */
function strayItems(type: AnyType, list: boolean): Y.Item[] {
  const out: Y.Item[] = [];
  if (list) for (let it = type._start; it; it = it.right as Y.Item | null) { if (!it.deleted) out.push(it); }
  else for (const it of mapItems(type).values()) if (!it.deleted) out.push(it);
  return out;
}
const deleteItems = (items: Y.Item[]): Fix => (tr) => { for (const it of items) if (!it.deleted) it.delete(tr); };

/** The value of the sender's newest set of a key that lost the tie to an older value (undefined if none). */
function lostSet(tr: Y.Transaction, queue: AnyType, key: string): unknown {
  let it = mapItems(queue).get(key)?.left as Y.Item | null | undefined;
  while (it && !addedIn(tr, it.id)) it = it.left as Y.Item | null;
  return it ? last(it) : undefined;
}

/**
 * What a queue key held before the transaction: nothing ever (`fresh`), an entry removed before it
 * (`removed`: its deleted item, or a remove mark, is the newest in the key's chain), or `present` with the value.
 */
function keyBefore(tr: Y.Transaction, queue: AnyType, key: string): { was: 'fresh' | 'removed' | 'present'; value?: unknown } {
  const it = priorItem(tr, mapItems(queue).get(key));
  if (!it) return { was: 'fresh' };
  if (deletedBefore(tr, it) || isRemovedMark(last(it))) return { was: 'removed' };
  return { was: 'present', value: last(it) };
}
const isEntrySet = (v: unknown) => isPlainObject(v) && !isRemovedMark(v);
const titleOf = (v: unknown) => (isPlainObject(v) ? String(v.title ?? '').slice(0, 100) : '');
/** The fields two entry values disagree on. */
const changedFields = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !same(a[k], b[k]));

function noAddReason(s: Sender, settings: RoomSettings): string {
  if (settings.whoCanEdit === 'host') return 'Only the host can change the queue now';
  if (settings.whoCanEdit === 'members' && s.role === 'guest') return 'Only signed-in members can add to the queue now';
  return 'The host turned off adding songs for you';
}
const noManageReason = (settings: RoomSettings) => (settings.whoCanEdit === 'host' ? 'Only the host can change the queue now' : 'You can only move or remove songs you added');
export const REMOVED_MEANWHILE = 'that song was removed from the queue meanwhile';

/**
 * What the transaction did that the sender may not do: the fixes to run in one server transaction, and the
 * undone changes to tell the sender about.
 */
export function judge(doc: Y.Doc, tr: Y.Transaction, s: Sender, docTooBig: () => boolean): { fixes: Fix[]; undone: Undone[] } {
  const fixes: Fix[] = [];
  const undone: Undone[] = [];
  const settings = readSettings(doc);
  const queue = queueMap(doc);
  const mine = (entry: unknown) => isPlainObject(entry) && s.ids.has(String(entry.addedBy));

  for (const [name, type] of doc.share) {
    if (!(ROOTS as readonly string[]).includes(name)) {
      // A root the room does not have: whatever was written into it is taken out again.
      const items = [...strayItems(type, true), ...strayItems(type, false)];
      if (items.length) { fixes.push(deleteItems(items)); undone.push({ action: 'server', why: `a room has no ${name.slice(0, 40)}` }); }
    }
  }

  for (const [type, keys] of tr.changed) {
    const root = rootOf(type);
    if (!root) continue;
    if (root === (queue as AnyType) && type === (queue as AnyType)) judgeQueueKeys(tr, keys);
    else if (root === (queue as AnyType)) continue; // inside a Y type under the queue, which entryProblem refuses anyway
    else if (root === (historyArray(doc) as AnyType)) restoreList(tr, type as unknown as Y.Array<unknown>, keys);
    else restoreMap(tr, type, keys);
  }
  return { fixes, undone };

  function judgeQueueKeys(tr: Y.Transaction, keys: Set<string | null>) {
    if (keys.has(null)) fixes.push(deleteItems(strayItems(queue, true)));
    const added: string[] = [];
    for (const key of keys) {
      if (key === null) continue;
      const { was, value: wasValue } = keyBefore(tr, queue, key);
      const now = after(queue, key);
      if (wasValue === now) {
        const lost = lostSet(tr, queue, key);
        if (was === 'present') judgeLostSet(key, now, lost);
        // A move that lost the tie to a remove mark: the entry stays removed, as below, and the sender is told so.
        else if (was === 'removed' && isEntrySet(lost)) undone.push({ action: 'move', entryId: key, title: titleOf(lost), why: REMOVED_MEANWHILE });
        continue;
      }
      const removing = now === undefined || isRemovedMark(now);
      if (was === 'present' && removing) judgeRemove(key, wasValue, now);
      else if (removing) dropKey(key, now); // a remove of what was not there: nothing to keep
      else if (was === 'present') judgeSet(key, wasValue, now);
      else if (was === 'removed') {
        // A set on an entry removed before this update (a move made while the sender had not seen the
        // remove) would bring it back: the remove reached the room first, so it stands. Never an add, not
        // even of the sender's own entry: a real add takes a new id, and an owner's stale move must not
        // undo a host's remove. (In the other order the remove mark meets the move in this key: see
        // judgeRemove and judgeLostSet. A remove still on its way from another node is not seen here.)
        dropKey(key, now);
        undone.push({ action: 'move', entryId: key, title: titleOf(now), why: REMOVED_MEANWHILE });
      } else added.push(key);
    }
    judgeAdds(added);
  }

  /** Deletes the key (a remove mark, or a value refused) unless something was written over it since. */
  function dropKey(key: string, now: unknown) {
    if (now !== undefined) fixes.push(() => { if (queue.get(key) === now) queue.delete(key); });
  }

  /** A remove (a mark, or a plain delete): the room deletes the key; someone else's entry without the right comes back. */
  function judgeRemove(key: string, was: unknown, now: unknown) {
    if (s.permissions.manage || mine(was) || !isPlainObject(was)) return dropKey(key, now);
    fixes.push(() => { if (queue.get(key) === now) queue.set(key, was); });
    undone.push({ action: 'remove', entryId: key, title: titleOf(was), why: noManageReason(settings) });
  }

  /**
   * A new value on an entry that was there: a move when only `position` changed; any other change is an
   * edit, and an entry is fixed once added. `unplayable` is the room's: a move made on a copy that had not
   * seen the flag yet keeps its new place and gets the flag back.
   */
  function judgeSet(key: string, was: unknown, now: unknown) {
    if (!isPlainObject(was)) return judgeAdds([key]);
    const title = titleOf(was);
    const back = (action: 'move' | 'edit', why: string) => {
      fixes.push(() => { if (queue.get(key) === now) queue.set(key, was); });
      undone.push({ action, entryId: key, title, why });
    };
    if (!isPlainObject(now)) return back('edit', entryProblem(now, key) ?? 'a queue entry is one plain object');
    const flagDropped = was.unplayable === true && now.unplayable === undefined;
    const changed = changedFields(was, now).filter((k) => !(k === 'unplayable' && flagDropped));
    if (changed.some((k) => k !== 'position')) return back('edit', 'a song cannot be edited once added');
    if (changed.length) {
      if (!isOrderKey(now.position)) return back('move', 'that is not a place in the queue');
      if (!s.permissions.manage && !mine(was)) return back('move', noManageReason(settings));
    }
    if (flagDropped) fixes.push(() => { if (queue.get(key) === now) queue.set(key, { ...now, unplayable: true }); });
  }

  /**
   * The sender's set lost the tie to a value the room already had, which its copy had not seen (it raced
   * another move, a jump or the room's flag): a remove is made again, and a move on top, so the last move
   * to reach the room wins and the flag stays. A lost edit is left lost.
   */
  function judgeLostSet(key: string, now: unknown, moved: unknown) {
    if (!isPlainObject(now) || !isPlainObject(moved)) return;
    if (isRemovedMark(moved)) {
      if (s.permissions.manage || mine(now)) dropKey(key, now);
      else undone.push({ action: 'remove', entryId: key, title: titleOf(now), why: noManageReason(settings) });
      return;
    }
    const changed = changedFields(now, moved).filter((k) => !(k === 'unplayable' && moved.unplayable === undefined));
    if (changed.length !== 1 || changed[0] !== 'position' || !isOrderKey(moved.position)) return;
    if (!s.permissions.manage && !mine(now)) return;
    fixes.push(() => { if (queue.get(key) === now) queue.set(key, { ...now, position: moved.position }); });
  }

  function judgeAdds(added: string[]) {
    const played = added.length ? new Set(historyArray(doc).toArray().map((h) => h.id)) : new Set<string>();
    // Y.Map.size walks every key: the key count (deleted ones included) bounds it and costs nothing.
    const overLimit = () => mapItems(queue).size > LIMITS.queueEntries && queue.size > LIMITS.queueEntries;
    const full = added.length > 0 && (overLimit() || docTooBig());
    for (const key of added) {
      const value = queue.get(key);
      const why = !s.permissions.add ? noAddReason(s, settings)
        : entryProblem(value, key) ?? (played.has(key) ? 'that entry was played already'
          : !mine(value) ? 'an entry is added in your own name'
          : (value as { unplayable?: unknown }).unplayable !== undefined ? 'only the room marks a song unplayable'
          : full ? (overLimit() ? `the queue holds at most ${LIMITS.queueEntries} songs` : 'the room is full')
          : null);
      if (!why) continue;
      fixes.push(() => { if (queue.get(key) === value) queue.delete(key); });
      undone.push({ action: 'add', entryId: key, title: titleOf(value), why });
    }
  }

  /** Playback, settings and votes: written by the server only. Every key goes back to its value. */
  function restoreMap(tr: Y.Transaction, type: AnyType, keys: Set<string | null>) {
    if (keys.has(null)) fixes.push(deleteItems(strayItems(type, true)));
    for (const key of keys) {
      if (key === null) continue;
      const was = before(tr, type, key);
      if (same(was, after(type, key))) continue;
      const m = type as unknown as Y.Map<unknown>;
      fixes.push(() => (was === undefined ? m.delete(key) : m.set(key, was instanceof Y.AbstractType ? was.toJSON() : was)));
      undone.push({ action: 'server', why: 'playback, history and settings are run by the room' });
    }
  }

  /** History: written by the server only; when the sender changed it, it is written back as it was. */
  function restoreList(tr: Y.Transaction, arr: Y.Array<unknown>, keys: Set<string | null>) {
    if ([...keys].some((k) => k !== null)) fixes.push(deleteItems(strayItems(arr, false)));
    const was: unknown[] = [];
    for (let it = arr._start; it; it = it.right as Y.Item | null) {
      if (it.countable && !addedIn(tr, it.id) && (!it.deleted || Y.isDeleted(tr.deleteSet, it.id))) was.push(...it.content.getContent());
    }
    if (same(was, arr.toArray())) return;
    fixes.push(() => { arr.delete(0, arr.length); arr.insert(0, was); });
    undone.push({ action: 'server', why: 'playback, history and settings are run by the room' });
  }
}

function rootOf(type: AnyType): AnyType | null {
  let t: AnyType = type;
  while (t._item) t = t._item.parent as AnyType;
  return t;
}

/** The sentence the sender reads: what was undone and why, grouped by reason. */
export function undoneMessage(undone: Undone[]): string {
  const byWhy = new Map<string, Undone[]>();
  for (const u of undone) byWhy.set(u.why, [...(byWhy.get(u.why) ?? []), u]);
  const parts: string[] = [];
  for (const [why, list] of byWhy) {
    const titled = list.filter((u) => u.title);
    if (!titled.length) { parts.push(`${why}: your change was undone.`); continue; }
    const names = titled.slice(0, 3).map((u) => `'${u.title}'`).join(', ') + (titled.length > 3 ? ` and ${titled.length - 3} more` : '');
    const verb = why === REMOVED_MEANWHILE ? (titled.length > 1 ? 'stay removed' : 'stays removed')
      : list[0].action === 'add' ? (titled.length > 1 ? 'were not added' : 'was not added')
      : list[0].action === 'remove' ? (titled.length > 1 ? 'were put back' : 'was put back')
      : list[0].action === 'move' ? (titled.length > 1 ? 'were moved back' : 'was moved back') : 'was changed back';
    parts.push(`${why}: your ${names} ${verb}.`);
  }
  return parts.join(' ');
}
