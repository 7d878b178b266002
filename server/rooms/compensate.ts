// Accept, then compensate: a member's update has been applied to the room document; this reads what its
// transaction did (from the transaction itself, before Yjs collects the deleted content) and undoes, with
// server edits in the next transaction, whatever the sender may not do. The sender's allowed edits stay.
import * as Y from 'yjs';
import { ENTRY_FIELDS, LIMITS, ROOTS, historyArray, queueMap, readSettings, type RoomSettings } from '../../shared/room/doc.ts';
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

/** The item that held a map key before the transaction (deleted since, or not), or null. */
function itemBefore(tr: Y.Transaction, item: Y.Item | undefined): Y.Item | null {
  let it: Y.Item | null = item ?? null;
  while (it && addedIn(tr, it.id)) it = it.left as Y.Item | null;
  return it && (!it.deleted || Y.isDeleted(tr.deleteSet, it.id)) ? it : null;
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
/** A queue entry's fields before the transaction (readable until the transaction's cleanup collects them). */
function fieldsBefore(tr: Y.Transaction, entry: Y.Map<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of mapItems(entry).keys()) {
    const v = before(tr, entry, key);
    if (v !== undefined) out[key] = v;
  }
  return out;
}
const same = (a: unknown, b: unknown) => a === b || (typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b));
/** Items of a list that a map-shaped type (or the other way round) should never hold. */
function strayItems(type: AnyType, list: boolean): Y.Item[] {
  const out: Y.Item[] = [];
  if (list) for (let it = type._start; it; it = it.right as Y.Item | null) { if (!it.deleted) out.push(it); }
  else for (const it of mapItems(type).values()) if (!it.deleted) out.push(it);
  return out;
}
const deleteItems = (items: Y.Item[]): Fix => (tr) => { for (const it of items) if (!it.deleted) it.delete(tr); };

function writeEntry(queue: Y.Map<Y.Map<unknown>>, id: string, fields: Record<string, unknown>) {
  const m = new Y.Map<unknown>();
  for (const k of ENTRY_FIELDS) if (fields[k] !== undefined) m.set(k, fields[k]);
  queue.set(id, m);
}

function noAddReason(s: Sender, settings: RoomSettings): string {
  if (settings.whoCanEdit === 'host') return 'Only the host can change the queue now';
  if (settings.whoCanEdit === 'members' && s.role === 'guest') return 'Only signed-in members can add to the queue now';
  return 'The host turned off adding songs for you';
}
const noManageReason = (settings: RoomSettings) => (settings.whoCanEdit === 'host' ? 'Only the host can change the queue now' : 'You can only move or remove songs you added');

/**
 * What the transaction did that the sender may not do: the fixes to run in one server transaction, and the
 * undone changes to tell the sender about.
 */
export function judge(doc: Y.Doc, tr: Y.Transaction, s: Sender, docTooBig: () => boolean): { fixes: Fix[]; undone: Undone[] } {
  const fixes: Fix[] = [];
  const undone: Undone[] = [];
  const settings = readSettings(doc);
  const queue = queueMap(doc);
  const mine = (fields: Record<string, unknown> | Y.Map<unknown>) => s.ids.has(String(fields instanceof Y.Map ? fields.get('addedBy') : fields.addedBy));

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
    else if (root === (queue as AnyType) && type.parent === (queue as AnyType)) judgeEntryFields(tr, type as unknown as Y.Map<unknown>, keys);
    else if (root === (queue as AnyType)) continue; // deeper: only inside a field value, which entryProblem refuses anyway
    else if (root === (historyArray(doc) as AnyType)) restoreList(tr, type as unknown as Y.Array<unknown>, keys);
    else restoreMap(tr, type, keys);
  }
  return { fixes, undone };

  function judgeQueueKeys(tr: Y.Transaction, keys: Set<string | null>) {
    if (keys.has(null)) fixes.push(deleteItems(strayItems(queue, true)));
    const added: string[] = [];
    for (const key of keys) {
      if (key === null) continue;
      const was = before(tr, queue, key);
      const now = after(queue, key);
      if (was === now) continue;
      const wasFields = was instanceof Y.Map ? fieldsBefore(tr, was) : null;
      if (wasFields && !s.permissions.manage && !mine(wasFields)) {
        // Removed (or replaced) someone else's entry without the right: it comes back under its id.
        fixes.push(() => writeEntry(queue, key, wasFields));
        undone.push({ action: 'remove', entryId: key, title: String(wasFields.title ?? ''), why: noManageReason(settings) });
        continue;
      }
      if (now !== undefined) added.push(key);
    }
    const played = added.length ? new Set(historyArray(doc).toArray().map((h) => h.id)) : new Set<string>();
    const full = added.length > 0 && (queue.size > LIMITS.queueEntries || docTooBig());
    for (const key of added) {
      const value = queue.get(key);
      const title = value instanceof Y.Map ? String(value.get('title') ?? '').slice(0, 100) : '';
      const why = !s.permissions.add ? noAddReason(s, settings)
        : entryProblem(value, key) ?? (played.has(key) ? 'that entry was played already'
          : !mine(value as Y.Map<unknown>) ? 'an entry is added in your own name'
          : (value as Y.Map<unknown>).get('unplayable') !== undefined ? 'only the room marks a song unplayable'
          : full ? (queue.size > LIMITS.queueEntries ? `the queue holds at most ${LIMITS.queueEntries} songs` : 'the room is full')
          : null);
      if (!why) continue;
      fixes.push(() => { if (queue.get(key) === value) queue.delete(key); });
      undone.push({ action: 'add', entryId: key, title, why });
    }
  }

  function judgeEntryFields(tr: Y.Transaction, entry: Y.Map<unknown>, keys: Set<string | null>) {
    if (keys.has(null)) fixes.push(deleteItems(strayItems(entry, true)));
    const id = String(entry.get('id') ?? '');
    const title = String(entry.get('title') ?? '').slice(0, 100);
    const wasMine = mine(fieldsBefore(tr, entry));
    for (const key of keys) {
      if (key === null) continue;
      const was = before(tr, entry, key);
      const now = after(entry, key);
      if (same(was, now)) continue;
      // Only `position` changes after an add (a move); the rest of an entry is fixed once written.
      const why = key !== 'position' ? 'a song cannot be edited once added'
        : !isOrderKey(now) ? 'that is not a place in the queue'
        : !s.permissions.manage && !wasMine ? noManageReason(settings) : null;
      if (!why) continue;
      fixes.push(() => (was === undefined ? entry.delete(key) : entry.set(key, was)));
      if (!undone.some((u) => u.entryId === id)) undone.push({ action: key === 'position' ? 'move' : 'edit', entryId: id, title, why });
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
    const verb = list[0].action === 'add' ? (titled.length > 1 ? 'were not added' : 'was not added')
      : list[0].action === 'remove' ? (titled.length > 1 ? 'were put back' : 'was put back')
      : list[0].action === 'move' ? (titled.length > 1 ? 'were moved back' : 'was moved back') : 'was changed back';
    parts.push(`${why}: your ${names} ${verb}.`);
  }
  return parts.join(' ');
}
